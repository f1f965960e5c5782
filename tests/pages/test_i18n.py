"""The bilingual site (issue 20): /es/ prefixes, <html lang>, switcher, hreflang, sitemap, caches."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Locale

from core.cache import pagecache
from demo.factories import StandardPageFactory
from pages.models import ConditionArticlePage, HomePage, PerspectivePage
from tests.utils import soup, translate_page


@pytest.fixture
def home_es(home, spanish):
    page = home.copy_for_translation(spanish)
    page.title = "Inicio"
    page.save_revision().publish()
    return HomePage.objects.get(pk=page.pk)


def test_spanish_locale_exists_after_migrate(spanish):
    assert Locale.objects.filter(language_code="en").exists()
    assert spanish.language_code == "es"


def test_english_urls_unchanged_and_spanish_under_es(client, home, home_es):
    about = StandardPageFactory(parent=home, title="About us", slug="about-us")
    translate_page(about, locale=home_es.locale, title="Quiénes somos")
    english = client.get("/about-us/")
    spanish = client.get("/es/about-us/")
    assert english.status_code == 200 and spanish.status_code == 200
    assert soup(english).html["lang"] == "en"
    assert soup(spanish).html["lang"] == "es"
    assert "Quiénes somos" in soup(spanish).h1.text
    assert client.get("/en/about-us/").status_code == 404


def test_switcher_goes_to_translation_or_spanish_home(client, home, home_es):
    translated = StandardPageFactory(parent=home, title="About us", slug="about-us")
    translate_page(translated, locale=home_es.locale, title="Quiénes somos")
    untranslated = StandardPageFactory(parent=home, title="Contact", slug="contact")

    switch = soup(client.get("/about-us/")).select_one("nav.language-switcher a")
    assert switch["href"] == "/es/about-us/"
    assert switch["lang"] == "es" and switch["hreflang"] == "es"

    switch = soup(client.get(untranslated.url)).select_one("nav.language-switcher a")
    assert switch["href"] == "/es/"

    back = soup(client.get("/es/about-us/")).select_one("nav.language-switcher a")
    assert back["href"] == "/about-us/" and back["lang"] == "en"


def test_hreflang_alternates_only_for_existing_translations(client, home, home_es):
    about = StandardPageFactory(parent=home, title="About us", slug="about-us")
    translate_page(about, locale=home_es.locale, title="Quiénes somos")
    contact = StandardPageFactory(parent=home, title="Contact", slug="contact")

    links = {
        link["hreflang"]: link["href"]
        for link in soup(client.get("/es/about-us/")).select('link[rel="alternate"][hreflang]')
    }
    assert links == {
        "en": "http://testserver/about-us/",
        "es": "http://testserver/es/about-us/",
        "x-default": "http://testserver/about-us/",
    }
    assert not soup(client.get(contact.url)).select('link[rel="alternate"][hreflang]')


def test_sitemap_lists_both_trees_with_alternates(client, home, home_es):
    about = StandardPageFactory(parent=home, title="About us", slug="about-us")
    translate_page(about, locale=home_es.locale, title="Quiénes somos")
    body = client.get("/sitemap.xml").content.decode()
    root = home.get_site().root_url
    assert f"<loc>{root}/es/about-us/</loc>" in body
    assert f'<xhtml:link rel="alternate" hreflang="es" href="{root}/es/about-us/"/>' in body
    assert f'<xhtml:link rel="alternate" hreflang="en" href="{root}/about-us/"/>' in body


def test_search_and_accounts_exist_in_spanish(client, home, home_es):
    response = client.get("/es/search/", {"q": "mama"})
    assert response.status_code == 200
    assert soup(response).html["lang"] == "es"
    assert client.get("/es/accounts/login/").status_code == 200


def test_page_cache_key_and_fragment_key_depend_on_language(settings):
    factory = RequestFactory()
    english = pagecache.cache_key(factory.get("/about-us/"))
    spanish = pagecache.cache_key(factory.get("/es/about-us/"))
    assert english != spanish
    assert pagecache.request_language(factory.get("/es/about-us/")) == "es"
    assert pagecache.request_language(factory.get("/about-us/")) == "en"
    request = factory.get("/search/")
    with translation.override("en"):
        menu_en = pagecache.fragment_key(request, "main-menu", [])
    with translation.override("es"):
        menu_es = pagecache.fragment_key(request, "main-menu", [])
    assert menu_en != menu_es


@pytest.mark.django_db(transaction=False)
def test_demo_has_spanish_pages_with_shared_citations(client):
    call_command("load_demo_content", stdout=StringIO())
    call_command("load_demo_content", stdout=StringIO())  # idempotent
    spanish = Locale.objects.get(language_code="es")
    article = ConditionArticlePage.objects.get(locale=spanish, slug="metastatic-breast-cancer-stage-iv")
    english = article.get_translation(Locale.objects.get(language_code="en"))
    assert article.get_workflow() is not None and article.get_workflow() == english.get_workflow()
    response = client.get(article.url)
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "es"
    assert "Cáncer de seno metastásico" in page.h1.text
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["inLanguage"] == "es"
    assert len(data["citation"]) == 3
    for path in [
        "/es/",
        "/es/find-your-local-affiliate/",
        "/es/family-and-friends/",
        "/es/message-boards/",
        "/es/message-boards/en-espanol/",
        "/es/komen-perspectives/",
    ]:
        assert client.get(path).status_code == 200, path
    assert PerspectivePage.objects.filter(locale=spanish).count() == 1


def test_locator_api_answers_in_spanish_under_es_with_english_codes(client, db):
    spanish = client.get("/es/api/affiliates/locate", {"zip": "abc"})
    english = client.get("/api/affiliates/locate", {"zip": "abc"})
    assert spanish.status_code == english.status_code == 400
    assert spanish.json()["error"]["code"] == english.json()["error"]["code"] == "invalid_zip"
    assert spanish.json()["error"]["message"].startswith("Escriba un código postal")
    assert english.json()["error"]["message"].startswith("Enter a 5-digit ZIP code")
