"""Give the "Lead moderators" group the permission to choose a board's moderator group (only
lead moderators and superusers hold it)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEAD_MODERATORS = "Lead moderators"


def grant(apps, schema_editor):
    # Permissions are normally created after migrations run; make this one now.
    app_config = apps.get_app_config("forums")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="forums", codename="assign_board_moderators")
    group, _ = Group.objects.get_or_create(name=LEAD_MODERATORS)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="forums", codename="assign_board_moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("forums", "0005_pending_edits_and_moderator_assignment"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
