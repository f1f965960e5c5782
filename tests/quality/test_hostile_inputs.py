"""Every public URL answers hostile input with a 4xx or a clean page: never a 500, never our
payload's markup reflected back unescaped. URLs come from tests/public_urls.py (page tree +
URL configuration), query parameters from the GET forms each page actually renders."""

from io import StringIO
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client

from tests.public_urls import concrete_page_types, page_type_urls, route_samples

MARKUP = ['"><script>alert(1)</script>', "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>"]
HOSTILE = [
    *MARKUP,
    "x" * 5000,
    "Ünïcödé ✓ 漢字 🎗️ العربية \u202e\u200b",
    "nul\x00byte",
    "' OR 1=1; DROP TABLE wagtailcore_page; --",
    "1' UNION SELECT password FROM auth_user --",
    "{{ 7|add:7 }}{% debug %}",
    "../../../../etc/passwd",
    "%00%27%22%3C",
    "\ud7ff\ufffd\U0001f600",
]
BAD_PAGE_NUMBERS = ["-1", "0", "999999", "9" * 30, "abc", "1e309"]
# Parameters every listing may read even when no form on the page names them.
ALWAYS = ["q", "page", "p"]


def get_form_fields(html):
    """Names of fields in the GET forms of a page (search boxes, filters, locators)."""
    soup = BeautifulSoup(html, "html.parser")
    names = set()
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        for field in form.find_all(["input", "select", "textarea"]):
            if field.get("name") and field.get("type") not in {"submit", "button", "image"}:
                names.add(field["name"])
    return names


def assert_safe(response, url):
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode("utf-8", errors="replace")
        for payload in MARKUP:
            assert payload not in body, f"{url} reflects {payload!r} unescaped"


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", stdout=StringIO())


def test_every_page_type_is_in_the_demo_content(demo_site):
    """The sweeps only reach page types that have a live page: keep the demo complete."""
    missing = [m.__name__ for m in concrete_page_types() if m not in page_type_urls()]
    assert not missing, f"add a live page of these types to your app's demo.load(): {missing}"


def test_every_url_pattern_can_be_sampled(demo_site):
    _, missing = route_samples(["x"])
    assert not missing, (
        f"give these regex URL patterns a sample in tests/public_urls.py REGEX_SAMPLES: {missing}"
    )


def test_public_pages_survive_hostile_query_strings(demo_site):
    client = Client(raise_request_exception=False)
    routes, _ = route_samples(["plain"])
    urls = set(page_type_urls().values()) | {paths[0] for paths in routes.values()} | {"/no-such-page/"}
    checked = 0
    for url in sorted(urls):
        first = client.get(url)
        assert_safe(first, url)
        html = first.content if first["Content-Type"].startswith("text/html") else b""
        fields = sorted(get_form_fields(html) | set(ALWAYS))
        for value in HOSTILE:
            query = urlencode(dict.fromkeys(fields, value))
            assert_safe(client.get(f"{url}?{query}"), f"{url}?{query[:80]}")
            checked += 1
        for number in BAD_PAGE_NUMBERS:
            for name in ("page", "p"):
                assert_safe(client.get(url, {name: number, "q": "breast"}), f"{url}?{name}={number}")
                checked += 1
    assert checked >= len(urls) * len(HOSTILE)


def test_hostile_path_segments(demo_site):
    """Hostile text as URL arguments and as extra path segments under every page (which is
    where RoutablePage sub-URLs live)."""
    client = Client(raise_request_exception=False)
    routes, _ = route_samples(HOSTILE)
    paths = [path for samples in routes.values() for path in samples]
    for url in page_type_urls().values():
        paths += [f"{url}{quote(value, safe='')}/" for value in HOSTILE]
    for path in paths:
        assert_safe(client.get(path), path)


def test_hostile_posts_are_refused_cleanly(demo_site):
    """Forms without a CSRF token get a 403 (or 405 where POST is not allowed), not a 500."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    routes, _ = route_samples(["plain"])
    urls = set(page_type_urls().values()) | {paths[0] for paths in routes.values()}
    for url in sorted(urls):
        response = client.post(url, {"q": MARKUP[0], "page": "-1"})
        # One-click unsubscribe (RFC 8058) is CSRF-exempt by design: mail clients POST to it
        # without a token, so a forged token must be refused as bad input instead. Its "undo"
        # is an ordinary form and needs the CSRF token like every other.
        one_click = url.startswith("/members/unsubscribe/") and not url.endswith("/undo/")
        # "Was this page helpful?" sits on cached pages, so it has no CSRF token either: it
        # checks the origin and a signed form token instead (pages/feedback.py); a POST
        # without that token is bad input (400), or 404 for a page that takes no feedback.
        page_feedback = url.startswith("/feedback/") and not url.endswith("/thanks/")
        expected = {400} if one_click else {400, 404} if page_feedback else {403, 405}
        assert response.status_code in expected, f"POST {url} answered {response.status_code}"
        assert_safe(response, url)
