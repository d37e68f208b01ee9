"""Bulk writes for the register sync that Django's ORM does slowly.

`bulk_update()` builds a `CASE WHEN pk = … THEN … END` expression per field and row in Python,
which costs milliseconds per row. On PostgreSQL `update_rows()` instead sends one
`UPDATE … FROM (VALUES …)` statement per chunk of rows, with the values prepared by the
fields themselves (`get_db_prep_save`) and cast to the columns' types. Elsewhere (SQLite, the
test database) it falls back to `bulk_update()`.
"""

from collections.abc import Sequence

from django.db import connections
from django.db.models import Model

# PostgreSQL accepts at most 65,535 bind parameters per statement.
MAX_PARAMETERS = 60_000


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
    meta = model._meta
    pk = meta.pk
    if pk is None:  # pragma: no cover - every concrete model has one
        raise ValueError(f"{model.__name__} has no primary key")
    columns = [meta.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    casts = [f"%s::{pk.db_type(connection)}"] + [
        f"%s::{field.db_type(connection)}" for field in columns
    ]
    row_sql = "(" + ", ".join(casts) + ")"
    names = ["pk"] + [f"c{i}" for i in range(len(columns))]
    assignments = ", ".join(
        f"{qn(field.column)} = v.{name}" for field, name in zip(columns, names[1:], strict=True)
    )
    table = qn(meta.db_table)
    per_chunk = max(1, MAX_PARAMETERS // len(casts))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), per_chunk):
            chunk = objs[start : start + per_chunk]
            params: list[object] = []
            for obj in chunk:
                params.append(pk.get_db_prep_save(obj.pk, connection))
                params.extend(
                    field.get_db_prep_save(getattr(obj, field.attname), connection)
                    for field in columns
                )
            values = ", ".join([row_sql] * len(chunk))
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} "  # noqa: S608 - quoted identifiers
                f"FROM (VALUES {values}) AS v({', '.join(names)}) "
                f"WHERE t.{qn(pk.column)} = v.pk",
                params,
            )
