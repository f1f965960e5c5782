"""Editors keep the watched words (docs/moderation.md; issue 17): add, change, delete and view
on `WatchedWord`, which also opens the "test, import, export" tools in the admin. Until now
only superusers could."""

from django.db import migrations

EDITORS_GROUP = "Editors"  # Wagtail's own group (wagtailcore 0002)
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations (post_migrate); these are needed now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    content_type, _ = ContentType.objects.get_or_create(app_label="forums", model="watchedword")
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_watchedword",
            defaults={"name": f"Can {action} watched word"},
        )
        editors.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name=EDITORS_GROUP).first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="forums", codename__in=[f"{a}_watchedword" for a in ACTIONS]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ('forums', '0019_crisis_cases_on_messages'),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
