"""core.pagination.page_links: the pagination's hrefs, built once a page, are exactly what
Django's `{% querystring page=N %}` gives for the same query."""

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.utils import translation

from core.pagination import page_links

QUERIES = (
    "",
    "page=2",
    "q=port&page=2&sort=new",
    "page=7&q=a&q=b",
    "q=caf%C3%A9+%26+more&x=%3Cb%3E",
    "page=&page=3&q=1",
    "q=%00%01&page=x",
    "a=1&b=2",
)


def querystring(query, number):
    request = RequestFactory().get("/listing/?" + query)
    return Template("{% querystring page=number %}").render(RequestContext(request, {"number": number}))


@pytest.mark.parametrize("query", QUERIES)
def test_hrefs_are_djangos_querystring(query):
    paginator = Paginator(list(range(500)), 10)
    page = paginator.page(25)
    elided = list(paginator.get_elided_page_range(25, on_each_side=2, on_ends=1))
    links = page_links(QueryDict(query), page, elided)
    assert links["previous"] == querystring(query, 24).replace("&amp;", "&")
    assert links["next"] == querystring(query, 26).replace("&amp;", "&")
    numbers = [item for item in links["items"] if not item["ellipsis"]]
    assert [item["number"] for item in links["items"]] == elided
    for item in numbers:
        assert item["href"] == querystring(query, item["number"]).replace("&amp;", "&")
        assert item["current"] is (item["number"] == 25)
    assert [item["number"] for item in links["items"] if item["ellipsis"]] == [Paginator.ELLIPSIS] * 2


def test_first_and_last_pages_have_no_previous_or_next():
    paginator = Paginator(list(range(30)), 10)
    first = page_links(QueryDict(""), paginator.page(1), [1, 2, 3])
    last = page_links(QueryDict(""), paginator.page(3), [1, 2, 3])
    assert first["previous"] == "" and first["next"] == "?page=2"
    assert last["next"] == "" and last["previous"] == "?page=2"


def test_the_include_renders_the_links_escaped():
    request = RequestFactory().get("/listing/", {"q": '"><script>x</script>', "page": "2"})
    paginator = Paginator(list(range(30)), 10)
    html = Template('{% include "includes/pagination.html" %}').render(
        Context({"request": request, "page_obj": paginator.page(2), "elided_range": [1, 2, 3]})
    )
    assert "<script>" not in html
    assert 'href="?q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E&amp;page=3" rel="next"' in html
    assert 'aria-current="page">2</a>' in html


def nav(query, page, elided, language="en"):
    request = RequestFactory().get("/listing/?" + query)
    with translation.override(language):
        return Template('{% include "includes/pagination.html" %}').render(
            Context({"request": request, "page_obj": page, "elided_range": elided})
        )


def test_the_nav_is_kept_once_per_query_page_and_language(local_copies):
    paginator = Paginator(list(range(500)), 10)
    elided = list(paginator.get_elided_page_range(25, on_each_side=2, on_ends=1))
    first = nav("q=a&page=25", paginator.page(25), elided)
    assert len(local_copies) == 1
    assert nav("q=a&page=25", paginator.page(25), iter(elided)) == first  # a generator works too
    assert len(local_copies) == 1
    assert 'href="?q=a&amp;page=26" rel="next"' in first and 'aria-current="page">25</a>' in first
    other_query = nav("q=b&page=25", paginator.page(25), elided)
    assert 'href="?q=b&amp;page=26"' in other_query
    later = list(paginator.get_elided_page_range(26, on_each_side=2, on_ends=1))
    assert 'aria-current="page">26</a>' in nav("q=a&page=26", paginator.page(26), later)
    spanish = nav("q=a&page=25", paginator.page(25), elided, "es")
    assert spanish != first and "Siguiente" in spanish
    fewer = Paginator(list(range(300)), 10)  # the same page of a shorter listing: its own links
    assert "page=30" in nav("q=a&page=25", fewer.page(25), list(fewer.get_elided_page_range(25)))
    assert len(local_copies) == 5


def test_the_nav_is_what_the_template_gave_without_the_copies():
    paginator = Paginator(list(range(500)), 10)
    elided = list(paginator.get_elided_page_range(25, on_each_side=2, on_ends=1))
    html = nav("q=a&page=25", paginator.page(25), elided)
    links = page_links(QueryDict("q=a&page=25"), paginator.page(25), elided)
    for item in links["items"]:
        if not item["ellipsis"]:
            assert f'href="{item["href"].replace("&", "&amp;")}"' in html
    assert html.count("<li>") == len(elided) + 2  # previous and next
    assert html.count('<span aria-hidden="true">…</span>') == 2


@pytest.mark.parametrize("context", [{}, {"page_obj": None}, {"page_obj": Paginator([1], 10).page(1)}])
def test_no_nav_without_pages(context):
    request = RequestFactory().get("/listing/")
    html = Template('{% include "includes/pagination.html" %}').render(
        Context({"request": request, **context})
    )
    assert "<nav" not in html
