"""Groups and the medical review workflow come from data migrations, not post_migrate handlers."""

import importlib

import pytest
from django.apps import apps as registry
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal
from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

from forums.policy import LEAD_MODERATORS
from pages.workflows import REVIEWERS_GROUP, WORKFLOW_NAME

pytestmark = pytest.mark.django_db

PAGES = importlib.import_module("pages.migrations.0005_medical_review_workflow")
FORUMS = importlib.import_module("forums.migrations.0004_lead_moderators_group")


def counts():
    return (
        Group.objects.filter(name__in=[REVIEWERS_GROUP, LEAD_MODERATORS]).count(),
        Group.objects.get(name=REVIEWERS_GROUP).permissions.count(),
        GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).count(),
        Workflow.objects.filter(name=WORKFLOW_NAME).count(),
        WorkflowTask.objects.filter(workflow__name=WORKFLOW_NAME).count(),
    )


def test_migrations_made_the_groups_and_the_workflow():
    assert counts() == (2, 1, 1, 1, 1)
    task = GroupApprovalTask.objects.get(name=WORKFLOW_NAME)
    assert list(task.groups.values_list("name", flat=True)) == [REVIEWERS_GROUP]
    assert Group.objects.get(name=REVIEWERS_GROUP).permissions.get().codename == "access_admin"


def test_running_them_again_on_an_existing_database_changes_nothing():
    before = counts()
    PAGES.create_medical_review_workflow(registry, None)
    FORUMS.create_lead_moderators_group(registry, None)
    assert counts() == before


def test_migrate_no_longer_recreates_them():
    Group.objects.filter(name__in=[REVIEWERS_GROUP, LEAD_MODERATORS]).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert not Group.objects.filter(name__in=[REVIEWERS_GROUP, LEAD_MODERATORS]).exists()
