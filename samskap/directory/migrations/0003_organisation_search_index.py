from django.db import migrations

from samskap.core.migration_operations import AddIndexOnPostgres
from samskap.core.search import search_index


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_taxonomies")]
    operations = [
        AddIndexOnPostgres(model_name="organisation", index=search_index("directory_org_search")),
    ]
