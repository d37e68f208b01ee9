from django.db import migrations

from samskap.core.migration_operations import AddSearchVectorOnPostgres


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_languages")]

    operations = [AddSearchVectorOnPostgres("Activity")]
