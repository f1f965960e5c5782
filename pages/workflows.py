"""The 'Medical review' workflow: a reviewer group must approve health content before it goes live."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

REVIEWERS_GROUP = "Medical reviewers"
WORKFLOW_NAME = "Medical review"


@transaction.atomic
def ensure_medical_review_workflow():
    """Create the reviewers group, the approval task and the workflow if missing; return the workflow."""
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin:
        reviewers.permissions.add(access_admin)
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
        task.groups.set([reviewers])
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created or not workflow.workflow_tasks.exists():
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def assign_to(page):
    """Require the medical review workflow for `page` and everything below it.

    Medical reviewers get edit and publish rights there: approving the last task publishes
    the page as the reviewer.
    """
    workflow = ensure_medical_review_workflow()
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    reviewers = Group.objects.get(name=REVIEWERS_GROUP)
    for codename in ("change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=reviewers, page=page, permission=permission)
    return workflow
