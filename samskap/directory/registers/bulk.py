"""Bulk writes for the register sync that Django's ORM does slowly.

`bulk_update()` builds a `CASE WHEN pk = … THEN … END` expression per field and row in Python,
which costs milliseconds per row. On PostgreSQL `update_rows()` instead copies the new values
into a temporary table (`COPY`) and updates from it with one `UPDATE … FROM` statement.
Elsewhere (SQLite) it falls back to `bulk_update()`.

`copy_rows()` and `copy_values()` insert with PostgreSQL's `COPY` instead of `bulk_create()`
(which prepares every value in Python and, on PostgreSQL, sends each column as an array).
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections
from django.db.models import Field, JSONField, Model


def update_rows(
    model: type[Model], objs: Sequence[Model], fields: Sequence[str], *, using: str = "default"
) -> None:
    """Write `fields` of `objs` (saved instances of `model`) to the database, one statement
    per chunk of rows; no signals, like `bulk_update()`."""
    if not objs:
        return
    connection = connections[using]
    if connection.vendor != "postgresql":
        model._default_manager.using(using).bulk_update(objs, fields)
        return
    from psycopg.types.json import Jsonb  # noqa: PLC0415 - PostgreSQL only

    meta = model._meta
    pk = meta.pk
    if pk is None:  # pragma: no cover - every concrete model has one
        raise ValueError(f"{model.__name__} has no primary key")
    columns: list[Field[Any, Any]] = []
    for name in fields:
        column = meta.get_field(name)
        if not isinstance(column, Field):  # pragma: no cover - a reverse relation
            raise TypeError(f"{name} is not a column of {model.__name__}")
        columns.append(column)
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    staging = "pg_temp." + qn(f"_update_{meta.db_table}")
    definitions = ", ".join(
        [f"pk {pk.db_type(connection)}"]
        + [f"c{i} {field.db_type(connection)}" for i, field in enumerate(columns)]
    )
    assignments = ", ".join(f"{qn(str(field.column))} = v.c{i}" for i, field in enumerate(columns))
    # The values go to psycopg as they are, JSON wrapped as `Jsonb`: Django's per-value
    # preparation is what makes `bulk_update()` slow.
    attnames = [field.attname for field in columns]
    json = [i for i, field in enumerate(columns, start=1) if isinstance(field, JSONField)]
    with connection.cursor() as cursor:
        # A temporary table per session, emptied first: the sync's batches are transactions,
        # tests run inside an outer one, so it cannot rely on ON COMMIT DROP.
        cursor.execute(f"DROP TABLE IF EXISTS {staging}")
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} ({definitions})")
        with cursor.cursor.copy(f"COPY {staging} FROM STDIN") as copy:
            for obj in objs:
                row = [obj.pk, *(getattr(obj, name) for name in attnames)]
                for i in json:
                    if row[i] is not None:
                        row[i] = Jsonb(row[i])
                copy.write_row(row)
        cursor.execute(
            f"UPDATE {table} AS t SET {assignments} "  # noqa: S608 - quoted identifiers
            f"FROM {staging} AS v WHERE t.{qn(str(pk.column))} = v.pk"
        )
        cursor.execute(f"DROP TABLE {staging}")


def copy_rows(
    model: type[Model], objs: Sequence[Model], *, with_pk: bool = False, using: str = "default"
) -> None:
    """Insert `objs` (new instances of `model`) with PostgreSQL's `COPY`, like
    `bulk_create()` without signals but without its per-value preparation in Python.

    The values go to psycopg as they are, JSON fields wrapped as `Jsonb`; fields with
    `auto_now` / `auto_now_add` are filled first. With `with_pk` the primary keys are taken from
    the table's sequence beforehand (one query) and set on the objects, as `bulk_create()`
    does; otherwise the database numbers the rows and the objects get no key.
    """
    if not objs:
        return
    from psycopg.types.json import Jsonb  # noqa: PLC0415 - PostgreSQL only

    connection = connections[using]
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if not f.generated and (with_pk or f is not pk)]
    auto = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    json = {i for i, f in enumerate(fields) if isinstance(f, JSONField)}
    attnames = [f.attname for f in fields]
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    with connection.cursor() as cursor:
        if with_pk and pk is not None:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(objs)],
            )
            for obj, (value,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = value
        columns = ", ".join(qn(str(f.column)) for f in fields)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                for f in auto:
                    f.pre_save(obj, add=True)
                row = [getattr(obj, name) for name in attnames]
                for i in json:
                    if row[i] is not None:
                        row[i] = Jsonb(row[i])
                copy.write_row(row)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using


def copy_values(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = "default",
) -> None:
    """Insert plain rows (values for the named columns of `model`'s table, ready for psycopg)
    with PostgreSQL's `COPY`: no model instances at all."""
    connection = connections[using]
    qn = connection.ops.quote_name
    names = ", ".join(qn(name) for name in columns)
    sql = f"COPY {qn(model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
