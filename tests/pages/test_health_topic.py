"""The taxonomy snippet is `pages.HealthTopic` (issue 14: "Topic" also names a board thread and
a resource's tags). Pages migration 0016 renames it keeping the rows, the articles' links, the
content type and the permissions groups hold; Wagtail's snippet screens list it."""

from io import StringIO

import pytest
from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import inject_rename_contenttypes_operations
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from demo.factories import ConditionArticlePageFactory, ConditionIndexPageFactory, HealthTopicFactory
from pages.models import HealthTopic

BEFORE = ("pages", "0016_perspective_disclaimer_spanish")


def latest():
    """The latest pages migration: the test ends with today's schema, whatever comes after."""
    return MigrationLoader(connection).graph.leaf_nodes("pages")[0]


def _migrate(target):
    """What `manage.py migrate` does to the schema, content types included, without the
    post_migrate handlers (which would make today's permissions in the middle of the test)."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan([target])
    inject_rename_contenttypes_operations(plan=plan, apps=global_apps)
    executor.migrate([target], plan=plan)


def test_the_rename_keeps_topics_their_links_the_content_type_and_granted_permissions(
    home, django_user_model
):
    article = ConditionArticlePageFactory(parent=ConditionIndexPageFactory(parent=home))
    content_type = ContentType.objects.get_for_model(HealthTopic)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending deferred checks before ALTER TABLE
    _migrate(BEFORE)
    try:
        old_apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        OldTopic = old_apps.get_model("pages", "Topic")
        topic = OldTopic.objects.create(name="Treatment", slug="treatment", description="Options.")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO pages_conditionarticlepage_topics (conditionarticlepage_id, topic_id) "
                "VALUES (%s, %s)",
                [article.pk, topic.pk],
            )
        assert ContentType.objects.get(pk=content_type.pk).model == "topic"
        editors = Group.objects.create(name="Topic keepers")
        editors.permissions.add(
            *Permission.objects.filter(content_type=content_type, codename__in=["change_topic", "view_topic"])
        )
        assert editors.permissions.count() == 2
    finally:
        _migrate(latest())
        ContentType.objects.clear_cache()

    renamed = HealthTopic.objects.get(pk=topic.pk)
    assert (renamed.name, renamed.slug, renamed.description) == ("Treatment", "treatment", "Options.")
    assert list(article.topics.all()) == [renamed]
    assert ContentType.objects.get_for_model(HealthTopic).pk == content_type.pk
    user = django_user_model.objects.create_user("keeper", password="x" * 12)
    user.groups.add(editors)
    assert user.has_perm("pages.change_healthtopic") and user.has_perm("pages.view_healthtopic")
    assert not Permission.objects.filter(content_type=content_type, codename__endswith="_topic").exists()


@pytest.mark.django_db
def test_the_snippet_listing_and_edit_screens_show_health_topics(admin_client):
    topic = HealthTopicFactory(name="Metastatic breast cancer", slug="metastatic-breast-cancer")
    listing = admin_client.get("/admin/snippets/pages/healthtopic/")
    assert listing.status_code == 200
    assert "Metastatic breast cancer" in listing.content.decode()
    assert admin_client.get("/admin/snippets/pages/healthtopic/?q=metastatic").status_code == 200
    assert admin_client.get(f"/admin/snippets/pages/healthtopic/edit/{topic.pk}/").status_code == 200
    response = admin_client.post(
        "/admin/snippets/pages/healthtopic/add/", {"name": "Treatment", "slug": "", "description": ""}
    )
    assert response.status_code == 302
    assert HealthTopic.objects.get(name="Treatment").slug == "treatment"


@pytest.mark.django_db
def test_editors_given_the_snippet_rights_by_ensure_editor_manage_health_topics(client):
    call_command("ensure_editor", stdout=StringIO())
    client.force_login(get_user_model().objects.get(username="editor"))
    assert client.get("/admin/snippets/pages/healthtopic/").status_code == 200
    assert client.get("/admin/snippets/pages/healthtopic/add/").status_code == 200
