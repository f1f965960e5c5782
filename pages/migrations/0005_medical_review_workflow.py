"""The 'Medical reviewers' group and the 'Medical review' workflow (one group approval task).

Made here once instead of after every migrate; safe on a database that already has them
(they were made by a post_migrate handler before): only what is missing is created.
"""

from django.db import migrations

REVIEWERS_GROUP = "Medical reviewers"
WORKFLOW_NAME = "Medical review"


def create_medical_review_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin:
        reviewers.permissions.add(access_admin)
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME, content_type=content_type, active=True)
        task.groups.set([reviewers])
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if created or not workflow.workflow_tasks.exists():
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_health_topic_verbose_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        # After Wagtail's own data migrations that grant permissions to every admin group
        # (e.g. choose documents and images): the reviewers get only what is granted here.
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_medical_review_workflow, migrations.RunPython.noop)]
