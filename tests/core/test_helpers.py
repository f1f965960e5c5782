"""The shared helpers in core: one text cleaner and one paginator for every app."""

import pytest
from django.core.paginator import Paginator
from django.test import RequestFactory

from core.pagination import paginate
from core.text import clean_query, clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, ""), ("", ""), ("  breast\x00 cancer \n\t basics ", "breast cancer basics"), (12345, "12345")],
)
def test_clean_text_collapses_whitespace_and_drops_nul(raw, expected):
    assert clean_text(raw) == expected


def test_clean_query_caps_the_length_and_says_so(settings):
    settings.SEARCH_QUERY_MAX_LENGTH = 10
    assert clean_query("short") == ("short", False)
    assert clean_query("x" * 11) == ("x" * 10, True)
    assert clean_query("a\x00b " * 10, max_length=3) == ("ab ", True)


@pytest.mark.parametrize(
    ("page", "number"), [(None, 1), ("2", 2), ("999", 10), ("-1", 10), ("abc", 1), ("2.5", 1), ("\x00", 1)]
)
def test_paginate_answers_any_page_number_with_a_valid_page(page, number):
    request = RequestFactory().get("/", {} if page is None else {"page": page})
    page_obj, elided = paginate(request, list(range(100)), 10)
    assert page_obj.number == number
    assert list(page_obj.object_list) == list(range((number - 1) * 10, number * 10))
    assert elided == list(Paginator(range(100), 10).get_elided_page_range(number))


def test_paginate_elides_with_the_given_widths():
    request = RequestFactory().get("/", {"page": "25"})
    _page_obj, elided = paginate(request, range(500), 10, on_each_side=2, on_ends=1)
    assert elided == [1, Paginator.ELLIPSIS, 23, 24, 25, 26, 27, Paginator.ELLIPSIS, 50]
