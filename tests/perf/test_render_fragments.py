"""Issue 15, third round: what an uncached render of a public page still read from the database
and now takes from the shared cache (the real Redis), per page revision and generation.

The social image and the language alternates every page shows, the lead images, the article's
topics and related articles, the whole affiliate page: each costs queries on every render yet
changes only when something is published or saved, which replaces the generation. Each test
checks the query count of a second render and that publishing shows the change at once."""

import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail_factories import ImageFactory

from core.cache import pagecache
from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    HealthTopicFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    StandardPageFactory,
    TopicIndexPageFactory,
)
from demo.factories.affiliates import AffiliateLocatorPageFactory, AffiliatePageFactory
from demo.factories.resources import ResourceFactory, ResourceIndexPageFactory
from pages.models import SiteSettings


@pytest.fixture
def rendering_redis(redis_page_cache):
    """The shared cache in the real Redis, whole pages off: every request renders, as `make
    bench`'s uncached server and every signed-in visitor."""
    with override_settings(PAGE_CACHE_WHOLE_PAGES=False):
        yield


@pytest.fixture
def unpublish(django_capture_on_commit_callbacks):
    """Unpublish as editors do (a fresh copy of the page), running the after-commit purges."""

    def _unpublish(page):
        with django_capture_on_commit_callbacks(execute=True):
            Page.objects.get(pk=page.pk).specific.unpublish()

    return _unpublish


def render(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def test_social_image_and_language_links_cost_no_query_once_rendered(
    client, rendering_redis, home, publish, unpublish
):
    """The demo's images and Spanish pages took home and standard pages from 1 query to 3."""
    settings = SiteSettings.for_site(home.get_site())
    settings.default_social_image = ImageFactory(title="Share card")
    settings.save()
    page = StandardPageFactory(parent=home, slug="about-us", title="About us")
    page.social_image = ImageFactory(title="About us card")
    publish(page)
    spanish = Locale.objects.get(language_code="es")
    home_es = home.copy_for_translation(spanish)
    publish(home_es)
    page_es = page.copy_for_translation(spanish)
    page_es.title = "Quiénes somos"
    publish(page_es)

    first, _ = render(client, page.url)
    text, sql = render(client, page.url)
    assert text == first
    assert 'rel="alternate" hreflang="es"' in text and 'property="og:image"' in text
    assert not [q for q in sql if "wagtailimages_image" in q], "the social image comes from the cache"
    assert not [q for q in sql if '"translation_key" =' in q], "the alternates come from the cache"
    assert len(sql) == 1, sql  # the page itself

    # Unpublishing the translation and changing the image show at once.
    unpublish(page_es)
    assert 'rel="alternate" hreflang="es"' not in render(client, page.url)[0]
    page.social_image = ImageFactory(title="New card", file__filename="new-card.jpg")
    publish(page)
    assert "new-card" in render(client, page.url)[0]


def test_article_renders_in_one_query_with_topics_related_articles_and_lead_image(
    client, rendering_redis, home, publish
):
    TopicIndexPageFactory(parent=home)
    section = ConditionIndexPageFactory(parent=home, slug="section")
    topics = [HealthTopicFactory(name=f"Topic {n}") for n in range(3)]
    article = ConditionArticlePageFactory(parent=section, slug="stage-iv", title="Stage IV")
    article.topics.set(topics)
    article.lead_image = ImageFactory(title="Lead")
    article.lead_image_alt = "A nurse talking with a patient"
    publish(article)
    other = ConditionArticlePageFactory(parent=section, title="Living with it")
    other.topics.set(topics[:1])
    publish(other)

    first, _ = render(client, article.url)
    assert "Topic 2" in first and "Living with it" in first and "<picture" in first
    text, sql = render(client, article.url)
    assert text == first
    assert len(sql) == 1, sql  # the page itself

    # A new related article, published: listed at once (the generation changed).
    newer = ConditionArticlePageFactory(parent=section, title="Newly related")
    newer.topics.set(topics)
    publish(newer)
    assert "Newly related" in render(client, article.url)[0]
    # A draft of the article never reaches its fragments; preview shows it, uncached.
    article.title = "Draft title"
    article.topics.set(topics[:1])
    article.save_revision()
    text, _ = render(client, article.url)
    assert "Draft title" not in text and "Topic 2" in text


def test_preview_renders_the_draft_fragments_fresh(admin_client, rendering_redis, home, publish):
    section = ConditionIndexPageFactory(parent=home, slug="section")
    topics = [HealthTopicFactory(name="Published topic"), HealthTopicFactory(name="Draft topic")]
    article = ConditionArticlePageFactory(parent=section, slug="stage-iv", title="Stage IV")
    article.topics.set(topics[:1])
    publish(article)
    admin_client.get(article.url)  # the fragments are in the cache
    article.topics.set(topics)
    revision = article.save_revision()
    preview = admin_client.get(f"/admin/pages/{article.pk}/revisions/{revision.pk}/view/")
    assert preview.status_code == 200 and "Draft topic" in preview.content.decode()
    assert "Draft topic" not in admin_client.get(article.url).content.decode()


def test_affiliate_page_renders_in_one_query_and_publishing_shows_the_change(
    client, rendering_redis, home, publish, unpublish
):
    locator = AffiliateLocatorPageFactory(parent=home)
    affiliate = AffiliatePageFactory(parent=locator, title="Komen Iowa", service_states="IA")
    affiliate.logo = ImageFactory(title="Logo")
    affiliate.logo_alt = "Komen Iowa"
    affiliate.lead_image = ImageFactory(title="Photo")
    affiliate.lead_image_alt = "Volunteers at a race"
    publish(affiliate)

    first, _ = render(client, affiliate.url)
    assert "Komen Iowa" in first and "affiliate-logo" in first and "Find another Affiliate" in first
    text, sql = render(client, affiliate.url)
    assert text == first
    assert len(sql) == 1, sql  # the page itself

    affiliate.phone = "(515) 555-0199"
    publish(affiliate)
    assert "(515) 555-0199" in render(client, affiliate.url)[0]
    unpublish(affiliate)
    assert client.get(affiliate.url).status_code == 404


def test_page_urls_without_a_request_read_the_site_root_paths_of_the_request_being_served(home):
    """`page.url` and `page.full_url` (templates, listings) pass no request: Wagtail read the
    site root paths from the cache on every call; now once per request, like `pageurl`."""
    request = RequestFactory().get("/")
    request._wagtail_cached_site_root_paths = ["the request's copy"]
    token = pagecache.current_request.set(request)
    try:
        assert home._get_site_root_paths() == ["the request's copy"]
    finally:
        pagecache.current_request.reset(token)
    assert home._get_site_root_paths() != ["the request's copy"]


def test_library_listing_is_kept_per_filters_and_page_and_searches_are_never_stored(
    client, rendering_redis, home, django_capture_on_commit_callbacks
):
    library = ResourceIndexPageFactory(parent=home)
    for n in range(14):
        ResourceFactory(title=f"Fact sheet {n:02d}", topics=["Stage IV"] if n % 2 else [])

    first, _ = render(client, library.url)
    text, sql = render(client, library.url)
    assert text == first and "14 resources" in text
    assert len(sql) == 1, sql  # the page itself: filters, count, resources and their tags cached
    filtered = render(client, library.url + "?topic=stage-iv")[0]
    assert "7 resources" in filtered and 'value="stage-iv" selected' in filtered

    # Other parameters are never stored (the pagination links would carry them to others).
    assert "utm_source" in render(client, library.url + "?page=2&utm_source=mail")[0]
    assert "utm_source" not in render(client, library.url + "?page=2")[0]
    # Keyword searches and bad filters are rendered each time, with what was typed.
    assert "matching “Fact sheet 03”" in render(client, library.url + "?q=Fact+sheet+03")[0]
    assert "matching “Fact sheet 05”" in render(client, library.url + "?q=Fact+sheet+05")[0]
    assert "Choose a type from the list." in render(client, library.url + "?type=bogus")[0]

    # A new resource (and its new topic) shows at once: saving it replaced the generation.
    with django_capture_on_commit_callbacks(execute=True):
        ResourceFactory(title="Newly added", topics=["Survivorship"])
    text = render(client, library.url + "?topic=stage-iv")[0]
    assert 'value="survivorship"' in text
    assert "15 resources" in render(client, library.url)[0]


def test_perspective_listing_is_kept_per_page_and_publishing_shows_at_once(
    client, rendering_redis, home, publish, unpublish
):
    index = PerspectiveIndexPageFactory(parent=home, slug="perspectives")
    for n in range(12):
        PerspectivePageFactory(parent=index, title=f"View {n:02d}")

    first, _ = render(client, index.url)
    text, sql = render(client, index.url)
    assert text == first and "View 11" in text
    assert len(sql) == 1, sql  # the page itself: the listing and its view restrictions cached
    assert "View 01" in render(client, index.url + "?page=2")[0]
    assert "ref=x" in render(client, index.url + "?page=2&ref=x")[0]
    assert "ref=x" not in render(client, index.url + "?page=2")[0]

    newest = PerspectivePageFactory(parent=index, title="Newest view", posting_date=dt.date(2026, 11, 1))
    publish(newest)
    assert "Newest view" in render(client, index.url)[0]
    unpublish(newest)
    assert "Newest view" not in render(client, index.url)[0]
