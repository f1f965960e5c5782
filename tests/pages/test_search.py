import pytest
from bs4 import BeautifulSoup
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from demo.factories import StandardPageFactory
from tests.utils import count_queries


def results(response):
    html = BeautifulSoup(response.content, "html.parser")
    ol = html.find("ol", class_="result-list")
    return [h.text for h in ol.find_all("h2")] if ol else []


@pytest.fixture
def pages(home):
    made = [
        StandardPageFactory(parent=home, title="Metastatic breast cancer", listing_summary="Stage IV"),
        StandardPageFactory(parent=home, title="Support groups", listing_summary="Meet others"),
    ]
    draft = StandardPageFactory(parent=home, title="Metastatic draft notes")
    draft.unpublish()
    return made


def test_finds_published_pages_only(client, pages):
    response = client.get("/search/", {"q": "metastatic"})
    assert response.status_code == 200
    assert results(response) == ["Metastatic breast cancer"]
    assert "1 result for" in response.content.decode()


def test_empty_query_shows_prompt_not_results(client, home):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert "Enter words to search for" in response.content.decode()


def test_no_results_shows_empty_state(client, pages):
    response = client.get("/search/", {"q": "zzzxqq"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "0 results for" in body and "No pages matched your search" in body


def test_pagination_and_bad_page_numbers(client, home, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for n in range(5):
        StandardPageFactory(parent=home, title=f"Helpline guide {n}")
    first = client.get("/search/", {"q": "helpline"})
    assert len(results(first)) == 2
    nav = BeautifulSoup(first.content, "html.parser").find("nav", attrs={"aria-label": "Pagination"})
    assert nav.find("a", attrs={"aria-current": "page"}).text == "1"
    assert "q=helpline" in nav.find("a", rel="next")["href"]
    for bad in ["abc", "99999", "-1", "0", "1.5", ""]:
        response = client.get("/search/", {"q": "helpline", "page": bad})
        assert response.status_code == 200, bad
        assert results(response), bad
    last = client.get("/search/", {"q": "helpline", "page": "99999"})
    assert len(results(last)) == 1


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "a" * 5000,
        "nul\x00byte",
        "' OR 1=1; --",
        "&|!:*()<->",
        "ünïcødé 乳腺癌 🎗️",
    ],
)
def test_hostile_queries_never_500_and_are_escaped(client, pages, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x" not in body


def test_long_query_is_shortened_with_notice(client, pages):
    response = client.get("/search/", {"q": "metastatic " + "x" * 400})
    assert "shortened to its first 200 characters" in response.content.decode()


def test_post_is_not_allowed(client, home):
    assert client.post("/search/", {"q": "x"}).status_code == 405


def test_promoted_results_come_first(client, pages, home):
    support = pages[1]
    SearchPromotion.objects.create(query=Query.get("metastatic"), page=support, description="Talk to others")
    html = BeautifulSoup(client.get("/search/", {"q": "metastatic"}).content, "html.parser")
    promoted = html.find("section", class_="promoted")
    assert promoted.find("a")["href"] == support.url
    assert "Talk to others" in promoted.text


def test_search_query_count_is_constant(client, home, django_assert_max_num_queries):
    for n in range(5):
        StandardPageFactory(parent=home, title=f"Fact sheet {n}")
    client.get("/search/", {"q": "fact sheet"})  # first search creates its stats rows
    _, few = count_queries(client.get, "/search/", {"q": "fact sheet"})
    for n in range(5, 10):
        StandardPageFactory(parent=home, title=f"Fact sheet {n}")
    with django_assert_max_num_queries(few):
        response = client.get("/search/", {"q": "fact sheet"})
    assert len(results(response)) == 10
