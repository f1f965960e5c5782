import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from demo.factories.resources import DocumentFactory, ResourceFactory
from pages.models import StandardPage
from resources.models import Audience, Resource, ResourceType

LIST = "wagtailsnippets_resources_resource:list"
ADD = "wagtailsnippets_resources_resource:add"
CHOOSE = "wagtailsnippetchoosers_resources_resource:choose_results"


@pytest.fixture
def editor(db, client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password")
    client.force_login(user)
    return user


@pytest.fixture
def catalog(db):
    return [
        ResourceFactory(title="Breast cancer basics", topics=["Diagnosis"]),
        ResourceFactory(
            title="Helping a loved one",
            resource_type=ResourceType.BOOKLET,
            audience=Audience.FAMILY,
            topics=["Caregiving"],
        ),
        ResourceFactory(title="Old screening sheet", last_reviewed=dt.date(2020, 1, 1)),
    ]


def listed(response):
    html = BeautifulSoup(response.content, "html.parser")
    table = html.find("table", class_="listing")
    return (
        sorted(span.get_text(strip=True) for span in table.select("tbody td.title a > span")) if table else []
    )


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["Breast cancer basics", "Helping a loved one", "Old screening sheet"]),
        ({"resource_type": "booklet"}, ["Helping a loved one"]),
        ({"audience": "family"}, ["Helping a loved one"]),
        ({"topics": "caregiving"}, ["Helping a loved one"]),
        ({"review_overdue": "true"}, ["Old screening sheet"]),
        ({"q": "basics"}, ["Breast cancer basics"]),
        ({"q": "loved", "resource_type": "booklet"}, ["Helping a loved one"]),
        (
            {"resource_type": "<script>"},
            ["Breast cancer basics", "Helping a loved one", "Old screening sheet"],
        ),
    ],
)
def test_admin_listing_filters_and_search(client, editor, catalog, params, expected):
    response = client.get(reverse(LIST), params)
    assert response.status_code == 200
    assert listed(response) == expected


def test_anonymous_users_are_sent_to_log_in(client, catalog):
    response = client.get(reverse(LIST))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_editors_without_resource_permissions_are_refused(client, catalog):
    group = Group.objects.create(name="Forum volunteers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user("mod", "mod@example.org", "a-long-password")
    user.groups.add(group)
    client.force_login(user)
    # Wagtail answers a permission failure by sending the user back to the dashboard.
    response = client.get(reverse(LIST))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response = client.post(reverse(ADD), {"title": "Sneaky"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not Resource.objects.filter(title="Sneaky").exists()


def form_data(**overrides):
    data = {
        "title": "New sheet",
        "summary": "What it covers.",
        "resource_type": "fact_sheet",
        "audience": "patients",
        "language": "en",
        "topics": "Treatment, Side effects",
        "last_reviewed": "2026-09-01",
        "document": "",
        "url": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_creates_a_resource_with_topics(client, editor):
    doc = DocumentFactory()
    response = client.post(reverse(ADD), form_data(document=doc.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    resource = Resource.objects.get(title="New sheet")
    assert sorted(t.name for t in resource.topics.all()) == ["Side effects", "Treatment"]
    # Topics are indexed from the first save.
    assert list(Resource.objects.search("side effects")) == [resource]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({}, "Choose a file to download, or enter a link below."),
        ({"url": "https://example.org/"}, "Give a file or a link, not both."),
    ],
)
def test_editor_must_give_exactly_one_of_file_or_link(client, editor, overrides, message):
    data = form_data(**overrides)
    if "url" in overrides:
        data["document"] = DocumentFactory().pk
    response = client.post(reverse(ADD), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Resource.objects.exists()


def test_chooser_finds_resources_for_pages(client, editor, catalog):
    response = client.get(reverse(CHOOSE), {"q": "loved"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Helping a loved one" in body and "Breast cancer basics" not in body


def test_admin_forms_render(client, editor, home):
    assert client.get(reverse(ADD)).status_code == 200
    for model in ["resourceindexpage", "audiencelandingpage"]:
        response = client.get(reverse("wagtailadmin_pages:add", args=["resources", model, home.pk]))
        assert response.status_code == 200, model


def test_editor_creates_a_family_section_with_chosen_resources(client, editor, home, catalog):
    board = home.add_child(instance=StandardPage(title="Board", slug="board"))
    data = nested_form_data(
        {
            "title": "Family and friends",
            "slug": "family-and-friends",
            "audience": "family",
            "intro": "For the people around someone with breast cancer.",
            "chosen_resources": inline_formset([{"resource": catalog[1].pk}, {"resource": catalog[0].pk}]),
            "message_board": board.pk,
            "message_board_text": "Talk with other caregivers.",
            "body": streamfield([]),
            "action-publish": "publish",
        }
    )
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["resources", "audiencelandingpage", home.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from resources.models import AudienceLandingPage

    page = AudienceLandingPage.objects.get(slug="family-and-friends")
    assert page.live and page.message_board_id == board.pk
    assert [c.resource.title for c in page.chosen_resources.all()] == [
        "Helping a loved one",
        "Breast cancer basics",
    ]
