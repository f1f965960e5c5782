"""'Our medical reviewers' lists active reviewers; reviewed articles link to it."""

import pytest
from django.contrib.auth.models import Group

from pages.models import MedicalReviewersPage, Reviewer
from pages.workflows import REVIEWERS_GROUP
from tests.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    MedicalReviewersPageFactory,
)


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
