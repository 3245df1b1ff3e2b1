"""The Curators group and its permissions.

Curators add, change and view papers, entities, tags, notes and links; they may delete links,
tags, notes and aliases but not papers, and get nothing on users, groups or login throttling.
"""

from django.db import migrations

GROUP = "Curators"

# model name -> actions granted to curators
CURATOR_PERMISSIONS = {
    "paper": ("add", "change", "view"),
    "papermethod": ("add", "change", "delete", "view"),
    "paperdataset": ("add", "change", "delete", "view"),
    "result": ("add", "change", "delete", "view"),
    "repolink": ("add", "change", "delete", "view"),
    "method": ("add", "change", "view"),
    "dataset": ("add", "change", "view"),
    "methodalias": ("add", "change", "delete", "view"),
    "datasetalias": ("add", "change", "delete", "view"),
    "benchmark": ("add", "change", "view"),
    "tag": ("add", "change", "delete", "view"),
    "papertag": ("add", "change", "delete", "view"),
    "note": ("add", "change", "delete", "view"),
    # Read-only context: where a paper came from.
    "papersource": ("view",),
    "ingestrun": ("view",),
}


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permission rows are normally made by post_migrate, after every migration has run; make
    # them now so the group can be given them in a fresh database.
    app_config = apps.get_app_config("papers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    group, _ = Group.objects.using(db).get_or_create(name=GROUP)
    wanted = {
        f"{action}_{model}" for model, actions in CURATOR_PERMISSIONS.items() for action in actions
    }
    permissions = Permission.objects.using(db).filter(
        content_type__app_label="papers", codename__in=wanted
    )
    found = set(permissions.values_list("codename", flat=True))
    if missing := wanted - found:
        raise RuntimeError(f"permissions missing for the Curators group: {sorted(missing)}")
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0002_cache_table"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
