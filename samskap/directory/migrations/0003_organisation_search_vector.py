from django.db import migrations

from samskap.core.migration_operations import AddSearchVectorOnPostgres


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_taxonomies")]
    operations = [AddSearchVectorOnPostgres(model_name="organisation")]
