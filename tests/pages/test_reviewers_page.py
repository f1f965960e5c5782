"""'Our medical reviewers' lists active reviewers; reviewed articles link to it."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail_factories import ImageFactory

from core.images import ALT_REQUIRED
from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    MedicalReviewersPageFactory,
)
from pages.models import MedicalReviewersPage, Reviewer
from pages.workflows import REVIEWERS_GROUP


def test_lists_active_reviewers_only_with_constant_queries(client, home, django_assert_max_num_queries):
    page = MedicalReviewersPageFactory(parent=home)
    for n in range(3):
        Reviewer.objects.create(name=f"Dr. Active {n}", credentials="MD", bio="<b>bio</b>")
    Reviewer.objects.create(name="Dr. Retired", credentials="MD", active=False)
    with django_assert_max_num_queries(20):
        body = client.get(page.url).content.decode()
    assert all(f"Dr. Active {n}" in body for n in range(3))
    assert "Dr. Retired" not in body and "&lt;b&gt;bio&lt;/b&gt;" in body


def test_only_one_reviewers_page(home):
    MedicalReviewersPageFactory(parent=home)
    assert not MedicalReviewersPage.can_create_at(home)


def test_reviewed_article_links_the_reviewer_to_the_reviewers_page(client, home):
    page = MedicalReviewersPageFactory(parent=home)
    reviewer = Reviewer.objects.create(name="Dr. Ana Ruiz", credentials="MD, medical oncologist")
    article = ConditionArticlePageFactory(parent=ConditionIndexPageFactory(parent=home), reviewer=reviewer)
    body = client.get(article.url).content.decode()
    assert f'href="{page.url}#reviewer-{reviewer.pk}"' in body


@pytest.mark.django_db
def test_reviewer_snippet_is_managed_in_the_admin(admin_client, django_user_model):
    user = django_user_model.objects.create_user("doc", password="x" * 12)
    user.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    response = admin_client.post(
        "/admin/snippets/pages/reviewer/add/",
        {"name": "Dr. New", "credentials": "RN, oncology nurse", "bio": "", "user": user.pk, "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert Reviewer.objects.get(name="Dr. New").user == user
    assert b"Dr. New" in admin_client.get("/admin/snippets/pages/reviewer/").content
    bad = admin_client.post("/admin/snippets/pages/reviewer/add/", {"name": "", "credentials": "MD"})
    assert bad.status_code == 200 and b"This field is required" in bad.content


# The photo's alt text (issue 19)


def reviewer_form(**fields):
    return {"name": "Dr. Photo", "credentials": "MD", "bio": "", "user": "", "active": "on", **fields}


@pytest.mark.django_db
def test_a_photo_needs_alt_text_or_the_decorative_flag(admin_client):
    photo = ImageFactory(title="Portrait")
    bad = admin_client.post(
        "/admin/snippets/pages/reviewer/add/", reviewer_form(photo=photo.pk, photo_alt=" ")
    )
    assert bad.status_code == 200
    assert ALT_REQUIRED in bad.content.decode()
    assert not Reviewer.objects.filter(name="Dr. Photo").exists()
    fine = admin_client.post(
        "/admin/snippets/pages/reviewer/add/", reviewer_form(photo=photo.pk, photo_decorative="on")
    )
    assert fine.status_code == 302
    described = admin_client.post(
        "/admin/snippets/pages/reviewer/add/",
        reviewer_form(name="Dr. Alt", photo=photo.pk, photo_alt="Dr. Alt smiling in a white coat"),
    )
    assert described.status_code == 302
    no_photo = admin_client.post("/admin/snippets/pages/reviewer/add/", reviewer_form(name="Dr. None"))
    assert no_photo.status_code == 302


def test_the_reviewers_page_uses_the_alt_text_or_none_when_decorative(client, home):
    page = MedicalReviewersPageFactory(parent=home)
    described = Reviewer.objects.create(
        name="Dr. Alt", credentials="MD", photo=ImageFactory(), photo_alt='Dr. Alt "smiling" <b>'
    )
    decorative = Reviewer.objects.create(
        name="Dr. Deco", credentials="MD", photo=ImageFactory(), photo_alt="ignored", photo_decorative=True
    )
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert html.select_one(f"#reviewer-{described.pk} img")["alt"] == 'Dr. Alt "smiling" <b>'
    assert html.select_one(f"#reviewer-{decorative.pk} img")["alt"] == ""
    assert '<b>"' not in client.get(page.url).content.decode()  # escaped


def test_existing_photos_start_decorative(home):
    before, after = (
        ("pages", "0020_glossary_term_translatable_unique_per_locale"),
        ("pages", "0021_reviewer_photo_alt_text"),
    )
    executor = MigrationExecutor(connection)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor.migrate([before])
    photo = ImageFactory()
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps.get_model("pages", "Reviewer")
        with_photo = old.objects.create(name="Dr. Old", credentials="MD", photo_id=photo.pk)
        without = old.objects.create(name="Dr. Plain", credentials="MD")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate([after])
        call_command("migrate", "pages", verbosity=0)
    assert Reviewer.objects.get(pk=with_photo.pk).photo_decorative
    assert not Reviewer.objects.get(pk=without.pk).photo_decorative
