"""Create the staff groups with exactly the permissions in staff/roles.py."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from staff.roles import sync_roles

    # Permissions are normally created after `migrate` finishes (post_migrate); on a fresh
    # database they do not exist yet here, so create them now for the models as they are.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


def remove_roles(apps, schema_editor):
    from staff.roles import ROLES

    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name__in=[r.name for r in ROLES]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("catalogue", "0006_product_image_history"),
        ("events", "0001_initial"),
        ("showrooms", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles, remove_roles),
    ]
