"""The helpline's note in Spanish (issue 20): Spanish pages show `note_es` in the helpline box,
the support options and the footer; an empty Spanish note shows the English one, marked
`lang="en"`; English pages are unchanged; saving the setting purges its cached copy."""

import uuid

import pytest
from django.test import override_settings
from django.utils import translation
from wagtail.models import Site

from core.cache import pagecache
from demo.factories import ConditionArticlePageFactory, ConditionIndexPageFactory, ResourceIndexPageFactory
from resources.models import HelplineSettings
from tests.utils import soup, translate_page

NOTE = "Free, professional support for anyone with breast cancer questions."
NOTE_ES = "Apoyo profesional y gratuito para cualquier persona con preguntas sobre el cáncer de seno."


@pytest.fixture
def helpline(site):
    setting = HelplineSettings.for_site(site)
    setting.note = NOTE
    setting.note_es = NOTE_ES
    setting.save()
    return setting


@pytest.fixture
def pages(home, helpline):
    translate_page(home, "Inicio")
    english = ResourceIndexPageFactory(
        parent=home, intro=[("helpline", {"heading": "Talk to someone", "text": "", "show_hours": True})]
    )
    spanish = translate_page(english, "Recursos", slug="recursos")
    return english, spanish


def notes(html):
    box = html.find("section", class_="helpline-box")
    footer = html.find("section", class_="helpline")
    return [(p.get_text(strip=True), p.get("lang")) for p in (box.find_all("p")[1], footer.find("p"))]


def test_the_note_reads_in_each_pages_language(client, pages):
    english, spanish = pages
    assert notes(soup(client.get(english.url))) == [(NOTE, None), (NOTE, None)]
    assert notes(soup(client.get(spanish.url))) == [(NOTE_ES, None), (NOTE_ES, None)]


def test_an_empty_spanish_note_shows_the_english_one_marked_english(client, pages, helpline):
    helpline.note_es = ""
    helpline.save()
    assert notes(soup(client.get(pages[1].url))) == [(NOTE, "en"), (NOTE, "en")]


def test_the_accessor_follows_the_active_language(helpline):
    with translation.override("es"):
        assert (helpline.note_text, helpline.note_language) == (NOTE_ES, "")
    with translation.override("en"):
        assert (helpline.note_text, helpline.note_language) == (NOTE, "")
    helpline.note = helpline.note_es = ""
    with translation.override("es"):
        assert (helpline.note_text, helpline.note_language) == ("", "")


def test_support_options_show_the_spanish_note(client, home, helpline):
    translate_page(home, "Inicio")
    section = ConditionIndexPageFactory(parent=home)
    body = [("support_options", {"heading": "Support", "show_helpline": True, "pages": []})]
    article = ConditionArticlePageFactory(parent=section, body=body)
    translate_page(section, "Sección", slug="seccion")
    spanish = translate_page(article, "Artículo", slug="articulo", body=body)
    options = soup(client.get(spanish.url)).find("section", class_="support-options")
    assert NOTE_ES in options.get_text() and NOTE not in options.get_text()
    options = soup(client.get(article.url)).find("section", class_="support-options")
    assert NOTE in options.get_text() and NOTE_ES not in options.get_text()


def test_saving_the_spanish_note_purges_the_cached_setting(client, pages, helpline):
    caches = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
    pagecache.local.reset()
    with override_settings(CACHES=caches, PAGE_CACHE_ENABLED=True, PAGE_CACHE_WHOLE_PAGES=False):
        site = Site.objects.get(is_default_site=True)
        assert HelplineSettings.for_site(site).note_es == NOTE_ES  # now cached
        setting = HelplineSettings.for_site(site)
        setting.note_es = "Llámenos: le escuchamos."
        setting.save()
        assert HelplineSettings.for_site(site).note_es == "Llámenos: le escuchamos."
        assert "Llámenos: le escuchamos." in client.get(pages[1].url).content.decode()
    pagecache.local.reset()
