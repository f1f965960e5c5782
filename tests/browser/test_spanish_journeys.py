"""Spanish journeys (issue 20), in Chromium against the live server, axe-clean on every Spanish
page (including `html-lang-valid` and `valid-lang`):
  1. a visitor reads the seed article, switches to Spanish with the header switcher, reads the
     Spanish article and switches back to English;
  2. a visitor on the Spanish locator finds their Affiliate by ZIP with and without JavaScript,
     gets a Spanish error for a bad ZIP, and Spanish messages from "Use my location".
"""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from wagtail.models import Locale

from affiliates.models import AffiliateLocatorPage
from demo.spanish import SEED_ARTICLE_SLUG
from pages.models import ConditionArticlePage
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import watch_csp
from tests.browser.test_journeys import load_demo

LANG_RULES = {"html-lang-valid", "valid-lang", "html-has-lang"}
LANG_AXE = Axe()


def assert_axe_clean(page):
    violations = axe_violations(page)
    assert not violations, describe(page.url, violations)


def assert_lang_rules_pass(page):
    """axe's language rules ran on the page and passed (not merely absent from the violations)."""
    results = LANG_AXE.run(page, options={"runOnly": {"type": "rule", "values": sorted(LANG_RULES)}}).response
    assert not results["violations"], describe(page.url, results["violations"])
    assert {rule["id"] for rule in results["passes"]} >= {"html-lang-valid", "html-has-lang"}


def test_visitor_switches_the_seed_article_to_spanish_and_back(live_server, new_context):
    load_demo("demo.articles", "demo.spanish")
    english = ConditionArticlePage.objects.get(locale__language_code="en", slug=SEED_ARTICLE_SLUG)
    spanish = english.get_translation(Locale.objects.get(language_code="es"))

    visitor = new_context().new_page()
    csp = watch_csp(visitor)
    visitor.goto(live_server.url + english.url)
    expect(visitor.locator("html")).to_have_attribute("lang", "en")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(english.title)
    expect(visitor.locator("#sources-heading")).to_have_text("Article sources")

    switcher = visitor.get_by_role("navigation", name="Translations")
    switcher.get_by_role("link", name="Español").click()
    expect(visitor).to_have_url(live_server.url + spanish.url)
    expect(visitor.locator("html")).to_have_attribute("lang", "es")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(spanish.title)
    expect(
        visitor.get_by_role("heading", level=2, name="¿Qué es el cáncer de seno metastásico?")
    ).to_be_visible()
    expect(visitor.locator("#sources-heading")).to_have_text("Fuentes del artículo")
    expect(visitor.locator("dl.review-dates dt").first).to_have_text(
        re.compile("^(Revisión médica|Última revisión)$")
    )
    expect(visitor.locator("dl.review-dates time").first).to_have_text(
        re.compile(r"^\d{1,2} de [a-z]+ de \d{4}$")
    )
    expect(visitor.get_by_role("link", name="Saltar al contenido principal")).to_be_attached()
    assert_axe_clean(visitor)
    assert_lang_rules_pass(visitor)

    visitor.get_by_role("navigation", name="Traducciones").get_by_role("link", name="English").click()
    expect(visitor).to_have_url(live_server.url + english.url)
    expect(visitor.locator("html")).to_have_attribute("lang", "en")
    expect(visitor.locator("#sources-heading")).to_have_text("Article sources")
    assert not csp


def test_visitor_finds_their_affiliate_in_spanish(live_server, new_context):
    load_demo("demo.affiliates", "demo.spanish")
    locator = AffiliateLocatorPage.objects.get(locale__language_code="es")
    locator_url = live_server.url + locator.url
    assert locator.url.startswith("/es/")

    # With JavaScript (the page's script adds "Use my location" and focuses the error summary).
    visitor = new_context().new_page()
    csp = watch_csp(visitor)
    visitor.goto(locator_url)
    expect(visitor.locator("html")).to_have_attribute("lang", "es")
    assert_axe_clean(visitor)
    assert_lang_rules_pass(visitor)
    search = visitor.get_by_label("Código postal (ZIP), o ciudad y estado")
    search.fill("50309")
    visitor.get_by_role("button", name="Buscar Afiliados").click()
    expect(visitor).to_have_url(re.compile(r"/es/.*\?q=50309"))
    count = visitor.locator("#result-count")
    expect(count).to_have_text(re.compile(r"^1 Afiliado atiende Des Moines, IA 50309"))
    expect(visitor.locator("ul[aria-labelledby=serving-heading]").get_by_role("heading")).to_contain_text(
        ["Komen Iowa"]
    )
    assert_axe_clean(visitor)

    # A bad ZIP: a Spanish error summary that takes focus, and the text typed is kept.
    search = visitor.get_by_label("Código postal (ZIP), o ciudad y estado")
    search.fill("5030")
    search.press("Enter")
    summary = visitor.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Hay un problema con su búsqueda")
    expect(summary.get_by_role("link")).to_have_text(re.compile("^Escriba un código postal"))
    expect(visitor.get_by_label("Código postal (ZIP), o ciudad y estado")).to_have_value("5030")
    expect(visitor).to_have_title(re.compile("^Error:"))
    assert_axe_clean(visitor)

    # "Use my location", refused: the message is in Spanish.
    refused = new_context(permissions=[]).new_page()
    refused.goto(locator_url)
    refused.get_by_role("button", name="Usar mi ubicación").click()
    expect(refused.locator("[data-geolocate-status]")).to_have_text(
        re.compile("^No permitió que este sitio use su ubicación")
    )
    expect(refused.get_by_label("Código postal (ZIP), o ciudad y estado")).to_be_focused()
    assert not csp

    # Without JavaScript: the same form, the same Spanish answer and error.
    no_js = new_context(java_script_enabled=False).new_page()
    no_js.goto(locator_url)
    expect(no_js.get_by_role("button", name="Usar mi ubicación")).to_be_hidden()
    no_js.get_by_label("Código postal (ZIP), o ciudad y estado").fill("02108")
    no_js.get_by_role("button", name="Buscar Afiliados").click()
    expect(no_js.locator("#result-count")).to_have_text(re.compile(r"atiende Boston, MA 02108"))
    no_js.get_by_label("Código postal (ZIP), o ciudad y estado").fill("1234")
    no_js.get_by_role("button", name="Buscar Afiliados").click()
    expect(no_js.locator("[data-error-summary]").get_by_role("link")).to_have_text(
        re.compile("^Escriba un código postal")
    )
    expect(no_js.locator("#locator-q-error")).to_contain_text("Escriba un código postal")
