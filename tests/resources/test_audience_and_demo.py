from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.models import Page, Site

from demo.factories import AudienceLandingPageFactory, StandardPageFactory
from demo.factories.resources import ResourceFactory
from demo.resources import DOCUMENTS_DIR, RESOURCES
from forums.models import BoardPage
from pages.models import HomePage, StandardPage
from resources import uploads
from resources.models import (
    Audience,
    AudienceLandingPage,
    AudienceLandingResource,
    HelplineSettings,
    Resource,
    ResourceIndexPage,
    ResourceType,
)
from tests.utils import count_queries, soup


@pytest.fixture
def section(home, library):
    board = StandardPageFactory(parent=home, title="Caregivers message board")
    page = AudienceLandingPageFactory(parent=home, title="Family and friends", message_board=board)
    StandardPageFactory(parent=page, title="Supporting someone", listing_summary="What to say")
    draft = StandardPageFactory(parent=page, title="Draft child")
    draft.unpublish()
    for n, title in enumerate(["Helping a loved one", "Talking with children"]):
        AudienceLandingResource.objects.create(
            page=page, resource=ResourceFactory(title=title, audience=Audience.FAMILY), sort_order=n
        )
    return page


def test_landing_page_gathers_pages_resources_and_board(client, section, library):
    response = client.get(section.url)
    assert response.status_code == 200
    html = soup(response)
    assert len(html.find_all("h1")) == 1
    pages = html.find("section", attrs={"aria-labelledby": "section-pages-heading"})
    assert [a.text for a in pages.find_all("a")] == ["Supporting someone"]
    assert "What to say" in pages.text
    resources = html.find("section", attrs={"aria-labelledby": "section-resources-heading"})
    assert [h.text for h in resources.find_all("h3")] == ["Helping a loved one", "Talking with children"]
    assert resources.find("a", href=f"{library.url}?audience=family")
    board = html.find("section", attrs={"aria-labelledby": "section-board-heading"})
    assert board.find("a").text == "Go to Caregivers message board"


def test_unpublished_board_is_not_linked(client, section):
    section.message_board.unpublish()
    html = soup(client.get(section.url))
    assert not html.find("section", attrs={"aria-labelledby": "section-board-heading"})


def test_landing_page_query_count_is_constant(client, section, django_assert_max_num_queries):
    client.get(section.url)
    _, few = count_queries(client.get, section.url)
    for n in range(8):
        StandardPageFactory(parent=section, title=f"Guide {n}")
        AudienceLandingResource.objects.create(
            page=section, resource=ResourceFactory(title=f"Sheet {n}"), sort_order=10 + n
        )
    with django_assert_max_num_queries(few):
        response = client.get(section.url)
    assert len(soup(response).find("ul", class_="resource-list").find_all("li")) == 10


def test_resource_chooser_block_renders_a_card_without_n_plus_one(
    client, home, django_assert_max_num_queries
):
    first = ResourceFactory(title="Basics")
    page = AudienceLandingPageFactory(parent=home, body=[("resource", first)])
    client.get(page.url)
    _, few = count_queries(client.get, page.url)
    page.body = [("resource", ResourceFactory(title=f"Sheet {n}")) for n in range(6)]
    page.save_revision().publish()
    with django_assert_max_num_queries(few):
        response = client.get(page.url)
    cards = soup(response).find_all("article", class_="resource-card")
    assert len(cards) == 6 and "(PDF," in cards[0].text


def test_landing_page_rules(home):
    assert AudienceLandingPage.allowed_parent_page_models() == [HomePage]
    assert AudienceLandingPage.allowed_subpage_models() == [StandardPage]
    assert AudienceLandingPage.can_create_at(home)
    assert ResourceIndexPage.allowed_parent_page_models() == [HomePage]


@pytest.mark.parametrize("path", sorted(DOCUMENTS_DIR.glob("*.pdf")), ids=lambda path: path.name)
def test_demo_pdfs_are_valid_pdfs(path):
    data = path.read_bytes()
    uploads.validate_document_file(SimpleUploadedFile(path.name, data))
    startxref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[startxref:].startswith(b"xref")
    assert data.endswith(b"%%EOF\n")


def test_every_demo_document_resource_has_its_pdf():
    """Each resource the demo loads without a link is a committed PDF file, not generated code."""
    from django.utils.text import slugify

    files = {path.name for path in DOCUMENTS_DIR.glob("*.pdf")}
    wanted = {f"{slugify(row[0])[:80]}.pdf" for row in RESOURCES if row[6] is None}
    assert wanted and wanted == files


@pytest.mark.django_db
def test_demo_content_builds_the_library_and_family_section(client):
    call_command("load_demo_content", stdout=StringIO())
    resources = Resource.objects.all()
    assert resources.count() >= 8
    assert {r.resource_type for r in resources} == set(ResourceType.values)
    assert {r.audience for r in resources} == set(Audience.values)
    for resource in resources:
        resource.full_clean()
    library = ResourceIndexPage.objects.get()
    response = client.get(library.url)
    assert response.status_code == 200
    assert "(PDF," in response.content.decode()
    download = Resource.objects.filter(document__isnull=False).first()
    assert download.document.file.read().startswith(b"%PDF-")
    family = AudienceLandingPage.objects.get(slug="family-and-friends", locale__language_code="en")
    assert family.get_children().count() == 2
    assert family.chosen_resources.count() == 4
    assert client.get(family.url).status_code == 200
    assert HelplineSettings.for_site(Site.objects.get(is_default_site=True)).hours.count() == 5

    counts = (Resource.objects.count(), Page.objects.count(), AudienceLandingResource.objects.count())
    call_command("load_demo_content", stdout=StringIO())
    assert counts == (Resource.objects.count(), Page.objects.count(), AudienceLandingResource.objects.count())


@pytest.mark.django_db
def test_demo_links_the_caregivers_board():
    call_command("load_demo_content", stdout=StringIO())
    board = BoardPage.objects.get(title__icontains="caregivers")
    assert (
        AudienceLandingPage.objects.get(
            slug="family-and-friends", locale__language_code="en"
        ).message_board_id
        == board.pk
    )
    call_command("load_demo_content", stdout=StringIO())
    assert (
        AudienceLandingPage.objects.get(
            slug="family-and-friends", locale__language_code="en"
        ).message_board_id
        == board.pk
    )


@pytest.mark.django_db
def test_demo_keeps_editors_changes_to_resources():
    call_command("load_demo_content", stdout=StringIO())
    resource = Resource.objects.get(title="Breast cancer basics")
    resource.summary = "Edited by an editor"
    resource.save()
    call_command("load_demo_content", stdout=StringIO())
    assert Resource.objects.get(pk=resource.pk).summary == "Edited by an editor"
