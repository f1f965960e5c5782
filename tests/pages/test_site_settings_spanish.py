"""Site settings in Spanish (issue 20): the tagline in the home page's title, the default meta
description and the footer statement read in the page's language. Empty Spanish tagline and
description give the standard Spanish text while the English one is the standard one (none when
editors emptied it, the English text when they changed it); an empty Spanish footer statement
shows the English one, marked `lang="en"`."""

import uuid

import pytest
from django.test import override_settings
from django.utils import translation
from wagtail.models import Site

from core.cache import pagecache
from demo.factories import StandardPageFactory
from pages.models import SiteSettings
from tests.utils import soup, translate_page

TAGLINE_ES = "Apoyo, investigación y defensa en el cáncer de seno"
DESCRIPTION_ES = (
    "Información confiable sobre el cáncer de seno, la Línea de Ayuda para el Cuidado de los Senos, los "
    "Afiliados locales y foros de conversación para todas las personas afectadas por el cáncer de seno."
)
FOOTER = "General information, not medical advice."
FOOTER_ES = "Información general, no consejos médicos."


def footer_statement(html):
    """The paragraphs beside the copyright line (the footer's helpline section is elsewhere)."""
    copyright_line = next(p for p in html.find("footer").find_all("p") if "©" in p.get_text())
    paragraphs = copyright_line.parent.find_all("p", recursive=False)
    return [(p.get_text(strip=True), p.get("lang")) for p in paragraphs if p is not copyright_line]


@pytest.fixture
def settings_(site):
    setting = SiteSettings.for_site(site)
    setting.footer_text = FOOTER
    setting.footer_text_es = FOOTER_ES
    setting.save()
    return setting


@pytest.fixture
def pages(home, settings_):
    home_es = translate_page(home, "Inicio")
    about = StandardPageFactory(
        parent=home, title="About us", slug="about-us", search_description="", listing_summary="", intro=""
    )
    about_es = translate_page(about, "Quiénes somos", slug="quienes-somos")
    return home, home_es, about, about_es


def test_the_home_page_title_has_the_tagline_in_its_language(client, pages):
    home, home_es, *_ = pages
    assert soup(client.get(home.url)).title.get_text() == (
        "Susan G. Komen – Breast cancer support, research and advocacy"
    )
    assert soup(client.get(home_es.url)).title.get_text() == f"Susan G. Komen – {TAGLINE_ES}"


def test_the_editors_spanish_tagline_wins_and_an_empty_english_one_means_none(client, pages, settings_):
    settings_.tagline_es = "Juntos contra el cáncer de seno"
    settings_.save()
    assert (
        soup(client.get(pages[1].url)).title.get_text() == "Susan G. Komen – Juntos contra el cáncer de seno"
    )
    settings_.tagline = ""
    settings_.save()
    assert soup(client.get(pages[1].url)).title.get_text() == "Susan G. Komen"
    assert soup(client.get(pages[0].url)).title.get_text() == "Susan G. Komen"


def test_pages_without_a_description_get_the_default_in_their_language(client, pages):
    *_, about, about_es = pages
    english = soup(client.get(about.url))
    assert english.find("meta", attrs={"name": "description"})["content"].startswith(
        "Trusted breast cancer information"
    )
    spanish = soup(client.get(about_es.url))
    assert spanish.find("meta", attrs={"name": "description"})["content"] == DESCRIPTION_ES
    assert spanish.find("meta", property="og:description")["content"] == DESCRIPTION_ES


def test_the_footer_statement_reads_in_the_pages_language(client, pages, settings_):
    *_, about, about_es = pages
    assert footer_statement(soup(client.get(about.url))) == [(FOOTER, None)]
    assert footer_statement(soup(client.get(about_es.url))) == [(FOOTER_ES, None)]
    settings_.footer_text_es = ""
    settings_.save()
    assert footer_statement(soup(client.get(about_es.url))) == [(FOOTER, "en")]
    settings_.footer_text = ""
    settings_.save()
    assert footer_statement(soup(client.get(about_es.url))) == []


def test_spanish_settings_are_escaped(client, pages, settings_):
    settings_.footer_text_es = '<script>alert("x")</script>'
    settings_.tagline_es = "<b>bold</b>"
    settings_.save()
    html = client.get(pages[1].url).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html


def test_the_accessors_follow_the_active_language(settings_):
    with translation.override("es"):
        assert (settings_.tagline_text, settings_.footer_text_in_language) == (TAGLINE_ES, FOOTER_ES)
        assert settings_.default_description_text == DESCRIPTION_ES
        assert settings_.footer_text_fallback_language == ""
    with translation.override("en"):
        assert settings_.tagline_text == "Breast cancer support, research and advocacy"
        assert settings_.footer_text_in_language == FOOTER


def test_saving_the_spanish_footer_shows_at_once_on_cached_pages(
    client, pages, django_capture_on_commit_callbacks
):
    caches = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }
    pagecache.local.reset()
    with override_settings(CACHES=caches, PAGE_CACHE_ENABLED=True):
        url = pages[3].url
        assert FOOTER_ES in client.get(url).content.decode()
        assert FOOTER_ES in client.get(url).content.decode()  # served from the page cache
        setting = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        setting.footer_text_es = "Este sitio no da consejos médicos."
        with django_capture_on_commit_callbacks(execute=True):  # the purge runs on commit
            setting.save()
        assert "Este sitio no da consejos médicos." in client.get(url).content.decode()
    pagecache.local.reset()


def test_a_changed_english_tagline_or_disclaimer_is_not_replaced_by_the_old_standard_translation(settings_):
    """The catalogue's Spanish tagline, description and disclaimer translate the standard English
    texts: once editors change the English one, Spanish pages show the English text (marked
    `lang="en"` where an element can carry it) until the Spanish field is filled in."""
    with translation.override("es"):
        assert settings_.tagline_text == TAGLINE_ES
        standard_disclaimer = settings_.perspective_disclaimer_text
        assert standard_disclaimer != settings_.perspective_disclaimer
        assert settings_.perspective_disclaimer_fallback_language == ""
        settings_.tagline = "Support for everyone facing breast cancer"
        settings_.default_description = "Our own description."
        settings_.perspective_disclaimer = "Written for its date; check with your doctor."
        assert settings_.tagline_text == "Support for everyone facing breast cancer"
        assert settings_.default_description_text == "Our own description."
        assert settings_.perspective_disclaimer_text == "Written for its date; check with your doctor."
        assert settings_.perspective_disclaimer_fallback_language == "en"
        settings_.perspective_disclaimer_es = "Escrito para su fecha."
        assert settings_.perspective_disclaimer_text == "Escrito para su fecha."
        assert settings_.perspective_disclaimer_fallback_language == ""
