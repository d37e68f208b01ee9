"""Migration operations that apply on one database vendor only."""

from typing import Any

from django.db import migrations


class AddIndexOnPostgres(migrations.AddIndex):
    """An index that only PostgreSQL gets (such as a full-text GIN index).

    It changes no model state: the models declare nothing, so `makemigrations` stays quiet.
    """

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, self.index)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self.index)

    def describe(self) -> str:
        return f"Create PostgreSQL-only index {self.index.name} on {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name_lower}_{self.index.name.lower()}"
