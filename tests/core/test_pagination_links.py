"""core.pagination.page_links: the pagination's hrefs, built once a page, are exactly what
Django's `{% querystring page=N %}` gives for the same query."""

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template import Context, RequestContext, Template
from django.test import RequestFactory

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
