"""The taxonomy snippet `pages.Topic` becomes `pages.HealthTopic` (issue 14): "Topic" also
names a board thread (`forums.Topic`) and a resource's free tags.

The table, the tag tables' columns and the content type follow the model (Django renames the
content type right after RenameModel), so rows, their ids and every link to them are kept.
The model's permissions keep their rows but not their codenames, which Django derives from the
model name: they are renamed here, so a group that could change topics still can (left alone,
post_migrate would add `*_healthtopic` beside them and the old grants would stop counting).
"""

from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def _rename_permissions(apps, old, new, verbose_name):
    Permission = apps.get_model("auth", "Permission")
    mine = Permission.objects.filter(content_type__app_label="pages", content_type__model="healthtopic")
    for action in ACTIONS:
        if not mine.filter(codename=f"{action}_{new}").exists():
            mine.filter(codename=f"{action}_{old}").update(
                codename=f"{action}_{new}", name=f"Can {action} {verbose_name}"
            )


def forwards(apps, schema_editor):
    _rename_permissions(apps, "topic", "healthtopic", "health topic")


def backwards(apps, schema_editor):
    _rename_permissions(apps, "healthtopic", "topic", "health topic")


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0016_perspective_disclaimer_spanish"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameModel(old_name="Topic", new_name="HealthTopic"),
        migrations.RunPython(forwards, backwards),
    ]
