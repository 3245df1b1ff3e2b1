from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # The facet cache lives in Postgres so every worker and container shares it; creating the
    # table here means no deployment (or test database) can forget `createcachetable`.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("papers", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
