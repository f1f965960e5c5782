from django.db import migrations

GROUP = "Affiliate editors"


def add_group(apps, schema_editor):
    # Permissions are normally made after all migrations (post_migrate); this one is needed now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="affiliates", model="affiliateimport")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="import_affiliates",
        defaults={"name": "Can import affiliates from a CSV file (publishes them)"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("affiliates", "0002_affiliate_import"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_group, remove_group)]
