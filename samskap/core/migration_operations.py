"""Migration operations that apply on one database vendor only."""

from typing import Any

from django.db import migrations

from samskap.core.search import CONFIG, VECTOR_COLUMN


class AddSearchVectorOnPostgres(migrations.operations.base.Operation):
    """Give a searchable model's table, on PostgreSQL only, a stored `tsvector` column computed
    from its `search_text` column, and a GIN index on it (see `samskap.core.search`).

    The database keeps the column up to date on every write, `bulk_create` and raw SQL
    included. The models declare nothing, so SQLite and `makemigrations` never see it.
    """

    reversible = True

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [], {"model_name": self.model_name})

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _table(self, app_label: str, state: Any) -> str:
        model = state.apps.get_model(app_label, self.model_name)
        return str(model._meta.db_table)

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        table = self._table(app_label, from_state)
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} ADD COLUMN {quote(VECTOR_COLUMN)} tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('{CONFIG}'::regconfig, "
            f"COALESCE({quote('search_text')}, ''))) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {quote(table + '_search_gin')} ON {quote(table)} "
            f"USING gin ({quote(VECTOR_COLUMN)})"
        )

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        table = self._table(app_label, from_state)
        schema_editor.execute(f"ALTER TABLE {quote(table)} DROP COLUMN {quote(VECTOR_COLUMN)}")

    def describe(self) -> str:
        return f"Add a stored full-text search vector to {self.model_name} (PostgreSQL only)"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name.lower()}_search_vector"
