import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from demo.factories.resources import DocumentFactory, ResourceFactory
from resources.forms import ResourceFilterForm
from resources.models import Audience, Language, Resource, ResourceType
from tests.utils import count_queries, soup


def titles(response):
    ul = soup(response).find("ul", class_="resource-list")
    return [h.get_text(strip=True) for h in ul.find_all("h2")] if ul else []


def status_text(response):
    return soup(response).find(attrs={"role": "status"}).get_text(" ", strip=True)


@pytest.fixture
def mixed(library):
    return [
        ResourceFactory(title="Breast cancer basics", topics=["Diagnosis"]),
        ResourceFactory(
            title="Caring for someone with breast cancer",
            audience=Audience.FAMILY,
            resource_type=ResourceType.BOOKLET,
            topics=["Caregiving"],
        ),
        ResourceFactory(
            title="Cáncer de mama: lo básico",
            language=Language.SPANISH,
            topics=["Diagnosis"],
        ),
        ResourceFactory(
            title="Talking with your care team",
            resource_type=ResourceType.VIDEO,
            document=None,
            url="https://www.example.org/videos/care-team",
        ),
        ResourceFactory(
            title="Clinical trial finder",
            resource_type=ResourceType.WEB_TOOL,
            audience=Audience.PROFESSIONALS,
            document=None,
            url="https://trials.example.org/",
            topics=["Clinical trials"],
        ),
    ]


def test_lists_all_resources_alphabetically(client, library, mixed):
    response = client.get(library.url)
    assert response.status_code == 200
    assert titles(response) == sorted(r.title for r in mixed)
    assert status_text(response) == "5 resources"


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"type": "booklet"}, ["Caring for someone with breast cancer"]),
        ({"audience": "professionals"}, ["Clinical trial finder"]),
        ({"language": "es"}, ["Cáncer de mama: lo básico"]),
        ({"topic": "diagnosis"}, ["Breast cancer basics", "Cáncer de mama: lo básico"]),
        ({"topic": "diagnosis", "language": "en"}, ["Breast cancer basics"]),
        ({"type": "video", "audience": "family"}, []),
        ({"q": "someone"}, ["Caring for someone with breast cancer"]),
        ({"q": "trial", "audience": "professionals"}, ["Clinical trial finder"]),
        ({"q": "caregiving"}, ["Caring for someone with breast cancer"]),  # topic names are searchable
    ],
)
def test_filters_and_search(client, library, mixed, params, expected):
    response = client.get(library.url, params)
    assert response.status_code == 200
    assert titles(response) == expected
    assert not soup(response).find(class_="error-summary")


@pytest.mark.parametrize(
    "params",
    [
        {"type": "spreadsheet"},
        {"audience": "<script>alert(1)</script>"},
        {"language": "xx"},
        {"topic": "no-such-topic"},
        {"type": ["booklet", "video"]},
        {"type": "\x00"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"q": "\x00" * 10},
        {"q": "a" * 5000},
        {"q": "&|!:*()<->"},
    ],
)
def test_bad_values_give_a_clean_page(client, library, mixed, params):
    response = client.get(library.url, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert soup(response).find("form", class_="resource-filters")


def test_bad_filter_is_reported_and_the_rest_still_apply(client, library, mixed):
    response = client.get(library.url, {"type": "spreadsheet", "language": "es"})
    html = soup(response)
    summary = html.find(class_="error-summary")
    assert summary and "Choose a type from the list." in summary.text
    link = summary.find("a")
    assert link["href"] == "#id_type"
    assert html.find(id="id_type").get("aria-invalid") == "true"
    assert titles(response) == ["Cáncer de mama: lo básico"]


def test_search_and_filter_values_are_escaped(client, library, mixed):
    attack = '"><img src=x onerror=alert(1)><script>alert(1)</script>'
    response = client.get(library.url, {"q": attack, "topic": attack})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<img src=x" not in body and "<script>alert(1)" not in body
    assert soup(response).find(id="id_q")["value"] == attack


def test_download_link_says_format_and_size(client, library):
    doc = DocumentFactory(title="Basics")
    doc.file_size = 240 * 1024
    doc.save()
    ResourceFactory(title="Basics", document=doc)
    card = soup(client.get(library.url)).find("article", class_="resource-card")
    link = card.find("a")
    assert link["href"] == doc.url
    assert "Download" in link.text and "Basics" in link.text
    assert card.find(class_="resource-card__format").text == "(PDF, 240 KB)"


def test_link_resources_say_where_they_open(client, library, mixed):
    card = [
        c
        for c in soup(client.get(library.url)).find_all("article", class_="resource-card")
        if "Clinical trial finder" in c.text
    ][0]
    assert card.find("a")["href"] == "https://trials.example.org/"
    assert "opens trials.example.org" in card.text


def test_resources_without_file_or_link_are_hidden(client, library):
    ResourceFactory(title="Orphan", document=None, url="")
    ResourceFactory(title="Kept")
    assert titles(client.get(library.url)) == ["Kept"]


def test_pagination_keeps_filters(client, library, settings):
    settings.RESOURCES_PER_PAGE = 2
    for n in range(5):
        ResourceFactory(title=f"Booklet {n}", resource_type=ResourceType.BOOKLET)
    ResourceFactory(title="Other")
    first = client.get(library.url, {"type": "booklet"})
    assert titles(first) == ["Booklet 0", "Booklet 1"]
    nav = soup(first).find("nav", attrs={"aria-label": "Pagination"})
    next_href = nav.find("a", rel="next")["href"]
    assert "type=booklet" in next_href and "page=2" in next_href
    last = client.get(library.url, {"type": "booklet", "page": "99"})
    assert titles(last) == ["Booklet 4"]
    assert "page 3 of 3" in status_text(last)


def test_query_count_is_constant_as_resources_grow(client, library, django_assert_max_num_queries):
    for n in range(3):
        ResourceFactory(title=f"Sheet {n}", topics=[f"topic {n}", "shared"])
    client.get(library.url)  # creates the settings rows
    _, few = count_queries(client.get, library.url)
    _, few_search = count_queries(client.get, library.url, {"q": "sheet", "topic": "shared"})
    for n in range(3, 20):
        ResourceFactory(title=f"Sheet {n}", topics=[f"topic {n}", "shared"])
    with django_assert_max_num_queries(few):
        response = client.get(library.url)
    assert len(titles(response)) == 12
    with django_assert_max_num_queries(few_search):
        response = client.get(library.url, {"q": "sheet", "topic": "shared"})
    assert len(titles(response)) == 12
    assert few <= 20, few


def test_resource_needs_exactly_one_of_file_or_link(db):
    doc = DocumentFactory()
    both = ResourceFactory.build(document=doc, url="https://example.org/")
    with pytest.raises(ValidationError) as error:
        both.full_clean()
    assert "url" in error.value.message_dict
    neither = ResourceFactory.build(document=None, url="")
    with pytest.raises(ValidationError) as error:
        neither.full_clean()
    assert "document" in error.value.message_dict
    ResourceFactory.build(document=None, url="https://example.org/").full_clean()
    ResourceFactory.build(document=doc, url="").full_clean()


def test_site_search_lists_matching_resources(client, library, mixed):
    response = client.get("/search/", {"q": "someone"})
    assert response.status_code == 200
    section = soup(response).find("section", class_="resource-results")
    assert section.find("h2").text == "Fact sheets and booklets"
    assert [h.text for h in section.find_all("h3")] == ["Caring for someone with breast cancer"]
    assert section.find("a", href=f"{library.url}?q=someone&language=en")


def test_site_search_without_resource_matches_has_no_section(client, library, mixed):
    response = client.get("/search/", {"q": "zzzxqq"})
    assert not soup(response).find("section", class_="resource-results")


def test_site_search_query_count_constant_with_resources(client, library, django_assert_max_num_queries):
    for n in range(3):
        ResourceFactory(title=f"Lymphedema guide {n}")
    client.get("/search/", {"q": "lymphedema"})
    _, few = count_queries(client.get, "/search/", {"q": "lymphedema"})
    for n in range(3, 20):
        ResourceFactory(title=f"Lymphedema guide {n}")
    with django_assert_max_num_queries(few):
        response = client.get("/search/", {"q": "lymphedema"})
    section = soup(response).find("section", class_="resource-results")
    assert len(section.find_all("h3")) == 5
    assert "See all 20 resources" in section.text


def test_resource_index_page_rules(home, library):
    from resources.models import ResourceIndexPage

    assert ResourceIndexPage.max_count == 1
    assert not ResourceIndexPage.can_create_at(home)  # one exists already
    assert ResourceIndexPage.allowed_subpage_models() == []
    assert Resource.objects.count() == 0


def test_resource_text_is_escaped_everywhere(client, library, home):
    ResourceFactory(
        title="Attack <script>alert(1)</script> sheet",
        summary='"><img src=x onerror=alert(1)>',
        topics=["<b>bold</b>"],
    )
    for response in [client.get(library.url), client.get("/search/", {"q": "attack"})]:
        body = response.content.decode()
        assert response.status_code == 200
        assert "Attack &lt;script&gt;" in body
        assert (
            "<script>alert(1)</script>" not in body and "<img src=x" not in body and "<b>bold</b>" not in body
        )


def test_library_page_loads_its_stylesheet_without_inline_styles(client, library, mixed):
    html = soup(client.get(library.url))
    assert html.find("link", href="/static/resources/resources.css")
    assert not html.select("[style]") and not html.find("script", src=False)


def test_empty_library_and_stray_parameters(client, library):
    response = client.get(library.url, {"utm_source": "<script>x</script>", "fbclid": "1"})
    assert response.status_code == 200
    html = soup(response)
    assert not html.find(class_="error-summary")
    assert status_text(response) == "0 resources"
    assert "No resources match" in html.find("main").text


def test_the_plain_librarys_listing_key_is_the_forms_own(db):
    """The page names the plain library's fragment without building the form (issue 15): the
    name must be the one the form gives for no parameters."""
    assert ResourceFilterForm(QueryDict("")).listing_key() == ResourceFilterForm.UNFILTERED_KEY


def test_the_plain_library_and_an_empty_query_string_render_alike(client, library, mixed):
    plain, empty = client.get(library.url), client.get(library.url + "?")
    assert plain.status_code == empty.status_code == 200
    assert titles(plain) == titles(empty) and len(titles(plain)) == len(mixed)
    form = soup(plain).find("form", class_="resource-filters")
    assert [s["name"] for s in form.find_all("select")] == ["type", "topic", "audience", "language"]
    assert form.find("input", attrs={"name": "q"}) is not None
