import socket
import time

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import Resolver404, resolve
from django.urls import path as url_path
from django.utils import translation
from wagtail.models import PageViewRestriction

from core.cache import pagecache, request_urls
from demo.factories import StandardPageFactory
from pages.models import SiteSettings, StandardPage

from .conftest import redis_caches


def get(client, path, **extra):
    response = client.get(path, **extra)
    return response, response.get("X-Cache")


def test_anonymous_page_is_stored_then_served_from_cache(client, page_cache, home, django_assert_num_queries):
    page = StandardPageFactory(parent=home, title="About us", slug="about")
    first, state = get(client, page.url)
    assert first.status_code == 200 and state == "MISS"
    with django_assert_num_queries(0):
        second, state = get(client, page.url)
    assert state == "HIT"
    assert second.content == first.content
    assert "About us" in second.content.decode()
    # Headers survive: CSP, security headers and the CDN policy.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"
    control = second["Cache-Control"]
    assert "public" in control and "s-maxage=300" in control and "stale-while-revalidate=60" in control
    assert "max-age=0" in control


def test_a_publish_during_the_first_render_after_a_restart_is_not_hidden(
    client, page_cache, home, monkeypatch
):
    """With no generation yet (Redis restarted), the render is stored under the generation as it
    was before the render: a publish that commits before the store leaves it unread."""
    page = StandardPageFactory(parent=home, title="About us", slug="about")
    pagecache.cache().delete(pagecache.GENERATION_KEY)
    pagecache.local.reset()
    real_store = pagecache.store

    def publish_then_store(*args, **kwargs):
        pagecache.bump_generation()  # what a publish committed during the render does
        return real_store(*args, **kwargs)

    monkeypatch.setattr(pagecache, "store", publish_then_store)
    assert get(client, page.url)[1] == "MISS"
    monkeypatch.setattr(pagecache, "store", real_store)
    pagecache.local.reset()
    assert get(client, page.url)[1] == "MISS"  # rendered again, not the render from before
    assert get(client, page.url)[1] == "HIT"


def test_head_requests_use_the_cache(client, page_cache, home):
    get(client, "/")
    response = client.head("/")
    assert response.status_code == 200 and response["X-Cache"] == "HIT"


def test_members_never_get_or_fill_the_shared_cache(client, page_cache, home):
    get(client, "/")  # an anonymous copy exists
    user = get_user_model().objects.create_user("member", password="a-long-password")
    client.force_login(user)
    response, state = get(client, "/")
    assert state is None
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_session_and_messages_cookies_bypass_the_cache(page_cache, home):
    get(Client(), "/")
    for cookie in ("sessionid", "messages"):
        client = Client()
        client.cookies[cookie] = "anything"
        response, state = get(client, "/")
        assert response.status_code == 200 and state is None
        assert "private" in response["Cache-Control"]


def test_only_get_and_head_are_cached(client, page_cache, home):
    response = client.post("/", {})
    assert response.get("X-Cache") is None
    assert get(client, "/")[1] == "MISS"


def test_admin_search_and_documents_are_never_cached(client, page_cache, home):
    for path in ("/admin/login/", "/search/?q=breast", "/documents/"):
        for _ in range(2):
            response, state = get(client, path)
            assert state is None, path
    assert "private" in client.get("/search/?q=breast")["Cache-Control"]


def test_tracking_parameters_share_a_key_but_real_parameters_do_not(client, page_cache, home):
    get(client, "/")
    assert get(client, "/?utm_source=newsletter&fbclid=abc")[1] == "HIT"
    assert get(client, "/?page=2")[1] == "MISS"
    assert get(client, "/?page=2")[1] == "HIT"


def test_pages_with_csrf_forms_are_never_cached(client, page_cache, home):
    """A password-protected page answers anonymous visitors with a form carrying a CSRF token."""
    page = StandardPageFactory(parent=home, title="Private", slug="private")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret-words")
    for _ in range(2):
        response, state = get(client, page.url)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert state is None
        assert "private" in response["Cache-Control"]


def test_page_types_can_opt_out_and_excluded_apps_are_skipped(client, page_cache, home, monkeypatch):
    page = StandardPageFactory(parent=home, slug="live-chat")
    monkeypatch.setattr(StandardPage, "page_cache", False, raising=False)
    assert get(client, page.url)[1] is None
    monkeypatch.undo()
    with override_settings(PAGE_CACHE_EXCLUDED_APPS=["pages"]):
        assert get(client, page.url)[1] is None
        assert "private" in client.get(page.url)["Cache-Control"]
    assert get(client, page.url)[1] == "MISS"


def test_responses_that_must_not_be_shared_are_refused(rf):
    request = rf.get("/")
    ok = HttpResponse(b"<p>hello</p>")
    assert pagecache.response_is_cacheable(request, ok)
    with_nonce = HttpResponse(b"<p>hello</p>")
    with_nonce["Content-Security-Policy"] = "script-src 'self' 'nonce-abc123'"
    assert not pagecache.response_is_cacheable(request, with_nonce)
    with_cookie = HttpResponse(b"x")
    with_cookie.set_cookie("csrftoken", "abc")
    assert not pagecache.response_is_cacheable(request, with_cookie)
    private = HttpResponse(b"x")
    private["Cache-Control"] = "private"
    assert not pagecache.response_is_cacheable(request, private)
    assert not pagecache.response_is_cacheable(request, HttpResponse(b"x", status=404))
    needs_csrf = rf.get("/")
    needs_csrf.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not pagecache.response_is_cacheable(needs_csrf, HttpResponse(b"x"))


def test_publishing_purges_the_page_and_every_listing(client, page_cache, home, publish):
    page = StandardPageFactory(parent=home, title="Old title", slug="news", show_in_menus=True)
    child = StandardPageFactory(parent=page, title="Child", slug="child")
    for path in ("/", page.url, child.url, "/sitemap.xml"):
        get(client, path)
        assert get(client, path)[1] == "HIT"
    page.title = "New title"
    publish(page)
    home_response, state = get(client, "/")
    assert state == "MISS" and "New title" in home_response.content.decode()  # main menu
    assert "New title" in get(client, page.url)[0].content.decode()
    assert "New title" in get(client, child.url)[0].content.decode()  # breadcrumbs
    assert get(client, "/sitemap.xml")[1] == "MISS"


def test_new_page_appears_in_the_sitemap_at_once(client, page_cache, home, publish):
    get(client, "/sitemap.xml")
    page = StandardPageFactory.build(title="Fresh", slug="fresh", live=False)
    home.add_child(instance=page)
    publish(page)
    assert "/fresh/" in get(client, "/sitemap.xml")[0].content.decode()


def test_unpublishing_moving_and_deleting_purge(client, page_cache, home, django_capture_on_commit_callbacks):
    section = StandardPageFactory(parent=home, slug="section", show_in_menus=True, title="Section")
    page = StandardPageFactory(parent=home, slug="leaving", show_in_menus=True, title="Leaving soon")
    get(client, page.url)
    get(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert get(client, page.url)[0].status_code == 404
    assert "Leaving soon" not in get(client, "/")[0].content.decode()

    moving = StandardPageFactory(parent=home, slug="moving")
    old_url = moving.url
    assert get(client, old_url)[0].status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        moving.move(section, pos="last-child")
    # Wagtail leaves a redirect at the old URL; the cached 200 is gone.
    old = get(client, old_url)[0]
    assert old.status_code == 301 and old["Location"] == "/section/moving/"
    assert get(client, "/section/moving/")[0].status_code == 200

    assert "Section" in get(client, "/")[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        StandardPage.objects.get(pk=section.pk).delete()
    assert get(client, "/section/")[0].status_code == 404
    assert ">Section<" not in get(client, "/")[0].content.decode()


def test_site_settings_change_purges_every_page(client, page_cache, site, django_capture_on_commit_callbacks):
    get(client, "/")
    settings_obj = SiteSettings.for_site(site)
    settings_obj.footer_text = "A brand new footer statement."
    with django_capture_on_commit_callbacks(execute=True):
        settings_obj.save()
    response, state = get(client, "/")
    assert state == "MISS" and "A brand new footer statement." in response.content.decode()


def test_draft_saves_do_not_purge(client, page_cache, home, django_capture_on_commit_callbacks):
    page = StandardPageFactory(parent=home, slug="draft-me")
    get(client, page.url)
    page.title = "Unpublished edit"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()
    response, state = get(client, page.url)
    assert state == "HIT" and "Unpublished edit" not in response.content.decode()


def test_purge_command(client, page_cache, home):
    from django.core.management import call_command

    get(client, "/")
    call_command("purge_page_cache", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert get(client, "/")[1] == "MISS"


# --- Redis ---------------------------------------------------------------------------------


def test_redis_shared_cache_round_trip(redis_page_cache, home, publish):
    """Two clients are two visitors; the entry lives in Redis, not in this process."""
    page = StandardPageFactory(parent=home, slug="shared")
    assert get(Client(), page.url)[1] == "MISS"
    assert get(Client(), page.url)[1] == "HIT"
    page.title = "Changed in Redis"
    publish(page)
    response, state = get(Client(), page.url)
    assert state == "MISS" and "Changed in Redis" in response.content.decode()


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_site_works_when_redis_is_down(home, publish):
    from core.cache import backends

    backends._down_until.clear()
    url = f"redis://127.0.0.1:{closed_port()}/0"
    with override_settings(CACHES=redis_caches(url, "down"), PAGE_CACHE_ENABLED=True):
        started = time.monotonic()
        for _ in range(5):
            response = Client().get("/")
            assert response.status_code == 200
            assert response.get("X-Cache") is None
        # Publishing still works (the purge is skipped, not raised).
        page = StandardPageFactory(parent=home, slug="while-down")
        page.title = "Published while Redis was down"
        publish(page)
        assert "Published while Redis was down" in Client().get(page.url).content.decode()
        assert time.monotonic() - started < 5
    backends._down_until.clear()


def test_tolerant_backend_reports_outage_and_recovers(monkeypatch):
    from core.cache import backends
    from core.cache.backends import TolerantRedisCache

    backends._down_until.clear()
    down = TolerantRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {})
    assert down.get("x", "fallback") == "fallback"
    assert down.get_many(["a", "b"]) == {}
    assert down.set("x", 1) is None
    assert not down.is_available()
    with pytest.raises(ValueError):
        down.incr("counter")
    monkeypatch.setattr(backends, "RETRY_AFTER_SECONDS", 0)
    backends._down_until.clear()
    assert down.is_available()


def test_request_factory_cache_key_includes_host_and_version(settings):
    rf = RequestFactory()
    a = pagecache.cache_key(rf.get("/x/", HTTP_HOST="localhost"))
    b = pagecache.cache_key(rf.get("/x/", HTTP_HOST="127.0.0.1"))
    assert a != b
    settings.PAGE_CACHE_VERSION = "release-2"
    assert pagecache.cache_key(rf.get("/x/", HTTP_HOST="localhost")) != a


def test_sitewide_fragments_save_queries_and_keep_menu_state(client, page_cache, home, publish):
    from bs4 import BeautifulSoup

    from tests.utils import count_queries

    section_a = StandardPageFactory(parent=home, slug="a", title="Section A", show_in_menus=True)
    section_b = StandardPageFactory(parent=home, slug="b", title="Section B", show_in_menus=True)
    child = StandardPageFactory(parent=section_a, slug="child", title="Child")
    with override_settings(PAGE_CACHE_ENABLED=False):
        _, without_fragments = count_queries(client.get, section_b.url)
    client.get(section_a.url)  # renders and stores the footer and a menu variant
    client.get(child.url)
    _, with_fragments = count_queries(client.get, section_b.url)
    assert with_fragments <= without_fragments - 3

    def current(path):
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        return {a.get_text(): a.get("aria-current") for a in soup.select(".main-nav a")}

    assert current(section_b.url) == {"Section A": None, "Section B": "page"}
    assert current(section_a.url) == {"Section A": "page", "Section B": None}
    assert current(child.url) == {"Section A": "true", "Section B": None}
    section_b.title = "Section B renamed"
    publish(section_b)
    assert "Section B renamed" in current(child.url)


def test_whole_page_cache_can_be_switched_off_keeping_fragments(client, page_cache, home):
    with override_settings(PAGE_CACHE_WHOLE_PAGES=False):
        client.get("/")
        response = client.get("/")
        assert response.get("X-Cache") is None
        assert "public" in response["Cache-Control"]


def test_local_tier_serves_without_redis_and_bounds_staleness(client, redis_page_cache, home, publish):
    with override_settings(PAGE_CACHE_LOCAL_SECONDS=30):
        pagecache.local.reset()
        assert get(client, "/")[1] == "MISS"
        assert get(client, "/")[1] == "HIT"
        # Another server purges: this process trusts its generation until the window ends...
        pagecache.cache().set(pagecache.GENERATION_KEY, "set-by-another-server", None)
        assert get(client, "/")[1] == "HIT"
        pagecache.local.checked -= 31
        assert get(client, "/")[1] == "MISS"
        # ...while its own purges apply at once.
        assert get(client, "/")[1] == "HIT"
        page = StandardPageFactory(parent=home, slug="local", show_in_menus=True, title="Local tier")
        publish(page)
        response, state = get(client, "/")
        assert state == "MISS" and "Local tier" in response.content.decode()
    pagecache.local.reset()


def test_local_tier_is_bounded(client, page_cache, home):
    with override_settings(PAGE_CACHE_LOCAL_SECONDS=30, PAGE_CACHE_LOCAL_ENTRIES=3):
        pagecache.local.reset()
        for n in range(6):
            get(client, f"/?page={n}")
        assert len(pagecache.local.entries) == 3
    pagecache.local.reset()


def test_making_a_page_private_purges_it(client, page_cache, home, django_capture_on_commit_callbacks):
    page = StandardPageFactory(parent=home, slug="soon-private", title="Soon private")
    child = StandardPageFactory(parent=page, slug="below")
    for path in (page.url, child.url):
        get(client, path)
        assert get(client, path)[1] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret-words")
    for path in (page.url, child.url):
        response, state = get(client, path)
        assert state is None and "csrfmiddlewaretoken" in response.content.decode()


def test_bench_endpoints_are_off_unless_asked_for(client, home):
    assert client.get("/bench/minimal/").status_code == 404


def test_unknown_query_parameters_on_page_views_share_one_entry(client, page_cache, home):
    """?x=1..N must not create N entries: page views' keys keep only the parameters pages read."""
    assert get(client, "/")[1] == "MISS"
    keys = {pagecache.cache_key(RequestFactory().get("/", {"x": n})) for n in range(50)}
    assert keys == {pagecache.cache_key(RequestFactory().get("/"))}
    for n in range(5):
        assert get(client, f"/?x={n}&y=junk")[1] == "HIT"
    assert get(client, "/?page=2&x=1")[1] == "MISS"  # known parameters still make their own entry
    assert get(client, "/?page=2&x=2")[1] == "HIT"


def test_other_views_keep_every_query_parameter_in_their_key():
    """The locator API (a cached non-page view) answers per ZIP: never merge those."""
    one = pagecache.cache_key(RequestFactory().get("/api/affiliates/locate", {"zip": "50309"}))
    two = pagecache.cache_key(RequestFactory().get("/api/affiliates/locate", {"zip": "10001"}))
    assert one != two


def test_every_parameter_the_page_forms_read_is_kept_in_page_keys(settings):
    from affiliates.forms import LocatorForm
    from resources.forms import ResourceFilterForm

    read = {"page", "topic", *LocatorForm.FIELDS, *ResourceFilterForm.base_fields}
    assert read <= set(settings.PAGE_CACHE_PAGE_QUERY_PARAMS)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/about-us/?page=2",
        "/es/",
        "/es/acerca/?x=1",
        "/api/affiliates/locate",
        "/moderation/",
        "/no-such-view/x",
    ],
)
def test_is_page_view_answers_as_the_resolver_in_each_language(path):
    """is_page_view keeps its answers per URL configuration, language and path: each is what
    the resolver says with that language active, asked again or not."""
    for language in ("en", "es", "en"):
        with translation.override(language):
            try:
                expected = resolve(path.split("?")[0]).url_name == request_urls.WAGTAIL_SERVE
            except Resolver404:
                expected = False
            for _ in range(2):
                assert request_urls.is_page_view(RequestFactory().get(path)) is expected


urlpatterns = [url_path("about-us/", lambda request: HttpResponse("not a page"), name="not-a-page")]


def test_is_page_view_follows_a_changed_url_configuration():
    request = RequestFactory().get("/about-us/", {"page": "2"})
    assert request_urls.is_page_view(request) is True
    with override_settings(ROOT_URLCONF=__name__):  # this module's urlpatterns: no Wagtail pages
        assert request_urls.is_page_view(request) is False
    assert request_urls.is_page_view(request) is True
