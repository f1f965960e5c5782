"""What purges what (PAGE_CACHE_SITEWIDE_MODELS in settings, core/cache/signals.py).

Pages purge their URLs and listings (tests/perf/test_page_cache.py); the models listed as
site-wide purge every page; everything else, moderators-only snippets and forum models
included, purges nothing.
"""

import pytest
from django.conf import settings
from django.test import override_settings
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Locale
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import TranslationSource

from core.cache import pagecache, purge
from demo.factories import StandardPageFactory
from demo.factories.forums import BoardPageFactory, CannedResponseFactory, PostFactory
from demo.factories.pages import (
    HealthTopicFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    SourceFactory,
)
from demo.factories.resources import ResourceFactory
from forums.models import ForumSettings
from pages.models import PerspectivePage, SiteSettings
from resources.models import HelplineSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(monkeypatch):
    """The CDN URL batches sent, as a list of sets (a recording frontend-cache stand-in)."""
    sent = []
    monkeypatch.setattr(purge, "cdn_configured", lambda: True)
    monkeypatch.setattr(purge.PurgeBatch, "purge", lambda batch: sent.append(set(batch.urls)))
    return sent


def generation_after(callbacks_fixture, change):
    before = pagecache.cache().get(pagecache.GENERATION_KEY)
    with callbacks_fixture(execute=True):
        change()
    return pagecache.cache().get(pagecache.GENERATION_KEY) != before


def test_every_snippet_and_setting_is_classified():
    """A new snippet or setting must be put in one list: does it show on public pages?"""
    sitewide = set(settings.PAGE_CACHE_SITEWIDE_MODELS)
    uncached = set(settings.PAGE_CACHE_UNCACHED_MODELS)
    assert not sitewide & uncached
    from django.apps import apps

    settings_models = [
        model
        for model in apps.get_models()
        if issubclass(model, (BaseSiteSetting, BaseGenericSetting)) and not model._meta.abstract
    ]
    for model in [*get_snippet_models(), *settings_models]:
        assert model._meta.label in sitewide | uncached, f"{model._meta.label} is in neither list"


@pytest.mark.parametrize(
    "make",
    [
        lambda site: SiteSettings.for_site(site).save(),
        lambda site: HelplineSettings.for_site(site).save(),
        lambda site: ResourceFactory(),
        lambda site: HealthTopicFactory(),
        lambda site: SourceFactory(),
    ],
    ids=["site settings", "helpline settings", "resource", "taxonomy topic", "source"],
)
def test_public_settings_and_snippets_purge_every_page(
    page_cache, site, purged, make, django_capture_on_commit_callbacks
):
    StandardPageFactory(parent=site.root_page, slug="far-away")
    assert generation_after(django_capture_on_commit_callbacks, lambda: make(site))
    assert any("far-away" in url for batch in purged for url in batch)


def test_moderators_saved_responses_purge_nothing(
    page_cache, site, purged, django_capture_on_commit_callbacks
):
    response = CannedResponseFactory()
    assert not generation_after(django_capture_on_commit_callbacks, lambda: response.save())
    assert not generation_after(django_capture_on_commit_callbacks, CannedResponseFactory)
    assert not generation_after(django_capture_on_commit_callbacks, response.delete)
    assert purged == []


def test_forum_models_purge_nothing(page_cache, site, purged, django_capture_on_commit_callbacks):
    board = BoardPageFactory(parent=site.root_page)
    purged.clear()

    def changes():
        PostFactory(topic__board=board)
        forum_settings = ForumSettings.for_site(site)
        forum_settings.crisis_notice = "Call 988 now."
        forum_settings.save()

    assert not generation_after(django_capture_on_commit_callbacks, changes)
    assert purged == []


def test_publishing_a_page_purges_its_urls_and_listings_only(
    page_cache, site, purged, django_capture_on_commit_callbacks
):
    section = StandardPageFactory(parent=site.root_page, slug="section")
    StandardPageFactory(parent=site.root_page, slug="unrelated")
    page = StandardPageFactory(parent=section, slug="child")
    purged.clear()
    with override_settings(PAGE_CACHE_ENABLED=True):
        assert generation_after(django_capture_on_commit_callbacks, lambda: page.save_revision().publish())
    urls = set().union(*purged)
    assert any(url.endswith("/section/child/") for url in urls)
    assert any(url.endswith("/section/") for url in urls)
    assert not any("unrelated" in url for url in urls)


def test_perspectives_purge_the_perspectives_whose_related_cards_show_them(
    client, page_cache, site, purged, publish, django_capture_on_commit_callbacks
):
    """Related cards show a perspective on its siblings' pages, outside its ancestors: the CDN
    gets their URLs, and cached copies in Redis are dropped, when it is published or unpublished."""
    index = PerspectiveIndexPageFactory(parent=site.root_page)
    shown_on = PerspectivePageFactory(parent=index, slug="shown-on")
    newcomer = PerspectivePageFactory.build(slug="newcomer", title="A new perspective", live=False)
    index.add_child(instance=newcomer)
    assert "A new perspective" not in client.get(shown_on.url).content.decode()
    assert client.get(shown_on.url)["X-Cache"] == "HIT"
    purged.clear()
    publish(newcomer)
    assert any(url.endswith("/shown-on/") for url in set().union(*purged))
    assert "A new perspective" in client.get(shown_on.url).content.decode()

    client.get(shown_on.url)
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PerspectivePage.objects.get(pk=newcomer.pk).unpublish()
    assert any(url.endswith("/shown-on/") for url in set().union(*purged))
    response = client.get(shown_on.url)
    assert response["X-Cache"] == "MISS" and "A new perspective" not in response.content.decode()


@pytest.mark.parametrize("factory", [HealthTopicFactory, SourceFactory], ids=["health topic", "source"])
def test_saving_a_snippet_translation_purges_every_page(
    page_cache, site, purged, factory, django_capture_on_commit_callbacks
):
    """Spanish pages show the Spanish topic or source: wagtail-localize saving the translation
    (made, then updated by the translator) drops every cached page, both languages included."""
    english = factory()
    StandardPageFactory(parent=site.root_page, slug="far-away")
    source, _ = TranslationSource.get_or_create_from_instance(english)
    spanish = Locale.objects.get(language_code="es")
    assert generation_after(
        django_capture_on_commit_callbacks,
        lambda: source.create_or_update_translation(spanish, fallback=True),
    )
    purged.clear()
    assert generation_after(
        django_capture_on_commit_callbacks,
        lambda: source.create_or_update_translation(spanish, fallback=True),
    )
    assert any("far-away" in url for batch in purged for url in batch)
