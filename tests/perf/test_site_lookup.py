"""Views that are not Wagtail pages (member pages, conversations, accounts, search) find their
Site from the shared cache, per generation: the `wagtailcore_site` query they made on every
request (`Site.find_for_request`, for the site settings and the header) is gone, and a saved
Site (which replaces the generation) is seen at once (core/cache/routing.py, issue 15 session 6)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from core.cache import pagecache, site_roots
from demo.factories import StandardPageFactory
from demo.factories.forums import MemberFactory

MESSAGES = "/members/messages/"


@pytest.fixture
def rendering_cache(page_cache):
    with override_settings(PAGE_CACHE_WHOLE_PAGES=False):
        yield


def site_queries(client, path, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **extra)
    assert response.status_code == 200, response.status_code
    return response, [q["sql"] for q in ctx.captured_queries if 'FROM "wagtailcore_site"' in q["sql"]]


def test_a_member_page_finds_its_site_without_a_query(rendering_cache, home):
    client = Client()
    client.force_login(MemberFactory().user)
    first, first_queries = site_queries(client, MESSAGES)
    assert first_queries  # the first request finds the site the usual way and records it
    second, again = site_queries(client, MESSAGES)
    assert again == []
    assert second.wsgi_request._wagtail_site.pk == first.wsgi_request._wagtail_site.pk
    with CaptureQueriesContext(connection) as ctx:
        client.get(MESSAGES)
    assert not [q for q in ctx.captured_queries if 'FROM "wagtailcore_page"' in q["sql"]]


def test_each_host_keeps_its_own_site_and_a_saved_site_shows_at_once(
    rendering_cache, home, django_capture_on_commit_callbacks
):
    other_root = StandardPageFactory(parent=home, slug="other-root")
    other = Site.objects.create(hostname="127.0.0.1", port=80, root_page=other_root, site_name="Other")
    client = Client()
    for _ in range(2):  # the second time from the cache
        default, _ = site_queries(client, "/search/")
        elsewhere, _ = site_queries(client, "/search/", HTTP_HOST="127.0.0.1")
        assert default.wsgi_request._wagtail_site.pk == home.get_site().pk
        assert elsewhere.wsgi_request._wagtail_site.pk == other.pk
    other.hostname = "renamed.invalid"
    with django_capture_on_commit_callbacks(execute=True):
        other.save()  # replaces the generation (PAGE_CACHE_SITEWIDE_MODELS)
    pagecache.local.reset()  # another process would see the new generation within the local tier's second
    moved, found_again = site_queries(client, "/search/", HTTP_HOST="127.0.0.1")
    assert found_again and moved.wsgi_request._wagtail_site.pk == home.get_site().pk


def test_without_the_page_cache_the_site_is_found_as_before(home):
    client = Client()
    for _ in range(2):
        _, queries = site_queries(client, "/search/")
        assert queries


def canonical(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("link", rel="canonical")["href"]


def test_site_root_paths_are_kept_per_thread_for_the_local_window(rendering_cache, home, settings):
    """Wagtail reads its site root paths from the shared cache on every request that builds a
    page URL; with the local window on, each thread keeps the paths it read for that window
    (core.cache.site_roots). Another process's change to the site reaches this
    thread when the window ends; a Site saved in this thread shows at once."""
    settings.PAGE_CACHE_LOCAL_SECONDS = 30
    pagecache.local.reset()
    client = Client()
    assert canonical(client, "/") == "http://localhost/"
    site = Site.objects.get(is_default_site=True)
    # Another process changes the site: its save deleted Wagtail's cached paths, not this
    # thread's copy.
    Site.objects.filter(pk=site.pk).update(hostname="www.example.org", port=443)
    Site.clear_site_root_paths_cache()
    assert canonical(client, "/") == "http://localhost/"  # within the window
    paths, read_at = pagecache.local.own_settings[site_roots.SITE_ROOT_PATHS_KEY]
    pagecache.local.own_settings[site_roots.SITE_ROOT_PATHS_KEY] = (paths, read_at - 31)
    assert canonical(client, "/") == "https://www.example.org/"  # the window is over
    # A save in this thread drops the copy at once.
    site.refresh_from_db()
    site.port = 80
    site.save()
    assert canonical(client, "/") == "http://www.example.org/"
    pagecache.local.reset()


def test_site_root_paths_come_from_wagtails_cache_with_no_local_window(rendering_cache, home, settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    client = Client()
    assert canonical(client, "/") == "http://localhost/"
    Site.objects.filter(is_default_site=True).update(hostname="www.example.org", port=443)
    Site.clear_site_root_paths_cache()
    assert canonical(client, "/") == "https://www.example.org/"
    assert site_roots.SITE_ROOT_PATHS_KEY not in pagecache.local.own_settings
