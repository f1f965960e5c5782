"""The site-wide 'Lead moderators' group, made once here instead of after every migrate
(safe on a database that already has it)."""

from django.db import migrations

LEAD_MODERATORS = "Lead moderators"


def create_lead_moderators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=LEAD_MODERATORS)


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0003_board_topic_verbose_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_lead_moderators_group, migrations.RunPython.noop)]
