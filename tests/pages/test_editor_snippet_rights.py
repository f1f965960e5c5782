"""Editors keep the glossary and the medical reviewers (issue 18; pages migration 0014): they
open, create and change both snippets in the admin, while a plain member is turned away."""

import pytest
from django.contrib.auth.models import Group

from pages.models import GlossaryTerm, Reviewer


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("snippet-editor", password="x" * 12)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def member_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("plain-member", password="x" * 12))
    return client


@pytest.mark.django_db
def test_editor_opens_adds_changes_and_deletes_glossary_terms(editor_client):
    assert editor_client.get("/admin/snippets/pages/glossaryterm/").status_code == 200
    assert editor_client.get("/admin/snippets/pages/glossaryterm/add/").status_code == 200
    response = editor_client.post(
        "/admin/snippets/pages/glossaryterm/add/",
        {
            "term": "Metastatic",
            "definition": "Cancer that has spread beyond where it started.",
            "variants": "",
            "abbreviations": "MBC",
            "learn_more_page": "",
            "slug": "",
        },
    )
    assert response.status_code == 302
    term = GlossaryTerm.objects.get(term="Metastatic")
    assert editor_client.get(f"/admin/snippets/pages/glossaryterm/edit/{term.pk}/").status_code == 200
    assert editor_client.post(f"/admin/snippets/pages/glossaryterm/delete/{term.pk}/").status_code == 302
    assert not GlossaryTerm.objects.exists()


@pytest.mark.django_db
def test_editor_adds_and_changes_reviewers_but_cannot_delete_them(editor_client, django_user_model):
    doctor = django_user_model.objects.create_user("dr-lee", password="x" * 12)
    assert editor_client.get("/admin/snippets/pages/reviewer/").status_code == 200
    response = editor_client.post(
        "/admin/snippets/pages/reviewer/add/",
        {
            "name": "Dr. Ana Lee",
            "credentials": "MD, radiation oncologist",
            "bio": "",
            "photo": "",
            "user": doctor.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302
    reviewer = Reviewer.objects.get(name="Dr. Ana Lee")
    assert reviewer.user == doctor
    assert editor_client.get(f"/admin/snippets/pages/reviewer/edit/{reviewer.pk}/").status_code == 200
    # Deleting would drop the named review from the articles this reviewer approved: deactivate.
    assert editor_client.post(f"/admin/snippets/pages/reviewer/delete/{reviewer.pk}/").status_code in (
        302,
        403,
    )
    assert Reviewer.objects.filter(pk=reviewer.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/pages/glossaryterm/",
        "/admin/snippets/pages/glossaryterm/add/",
        "/admin/snippets/pages/reviewer/",
        "/admin/snippets/pages/reviewer/add/",
    ],
)
def test_a_plain_member_is_turned_away(member_client, url):
    response = member_client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login/" in response["Location"]
    assert member_client.post(url, {"term": "X", "name": "X"}).status_code in (302, 403)
    assert not GlossaryTerm.objects.exists() and not Reviewer.objects.exists()
