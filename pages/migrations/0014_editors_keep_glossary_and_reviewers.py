"""Editors keep the glossary and the list of medical reviewers (issue 18).

Until now only superusers could add or change `GlossaryTerm` and `Reviewer` snippets. Editors get
add, change, delete and view on glossary terms; on reviewers add, change and view but not delete:
deleting a reviewer would silently drop "Medically reviewed by" from every article they approved
(the link is SET_NULL), so a departed reviewer is made inactive instead. Medical reviewers get
nothing more: Wagtail's model permissions are not per object, so "change reviewer" would let any
reviewer relink another reviewer's account and be named on approvals they did not give.
"""

from django.db import migrations

EDITORS_GROUP = "Editors"  # Wagtail's own group (wagtailcore 0002)
GRANTS = {
    ("glossaryterm", "glossary term"): ("add", "change", "delete", "view"),
    ("reviewer", "reviewer"): ("add", "change", "view"),
}


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations (post_migrate); these are needed now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    for (model, verbose_name), actions in GRANTS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="pages", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            editors.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name=EDITORS_GROUP).first()
    if editors is None:
        return
    for (model, _), actions in GRANTS.items():
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="pages", codename__in=[f"{a}_{model}" for a in actions]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0013_readability_and_page_feedback"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
