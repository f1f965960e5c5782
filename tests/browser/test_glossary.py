"""The glossary in Chromium (issue 18, "Done when"): a glossary term appears defined on first
use in an article and opens by keyboard and by touch; without JavaScript it is a link to the glossary entry;
the A–Z page, its search and the boards' abbreviations pass axe; an article prints without
the site's chrome, with full URLs and its review dates."""

import re

from playwright.sync_api import expect

from pages.models import ConditionArticlePage, GlossaryPage
from tests.browser.axe import axe_violations, describe
from tests.browser.test_journeys import load_demo


def article_url(base):
    return base + ConditionArticlePage.objects.get(slug="metastatic-breast-cancer-stage-iv").url


def test_term_is_defined_on_first_use_and_opens_by_keyboard(live_server, page):
    load_demo("demo.articles", "demo.glossary")
    page.goto(article_url(live_server.url))

    # The contents list comes first, then the first section's first term.
    contents = page.get_by_role("navigation", name="On this page")
    expect(contents.get_by_role("link")).to_have_text(
        ["What is metastatic breast cancer?", "Treatment", "Survival"]
    )
    terms = page.locator("main .glossary-term__button")
    first = terms.first
    expect(first).to_have_text(re.compile("^metastatic breast cancer$", re.I))
    expect(first).to_have_attribute("aria-expanded", "false")
    # Defined once: the many later mentions of the term are plain text.
    expect(
        page.locator("main dfn").filter(has_text=re.compile("^metastatic breast cancer$", re.I))
    ).to_have_count(1)

    # Keyboard only: Tab from the contents list reaches the term, Enter opens it, Escape closes it.
    contents.get_by_role("link").last.focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('glossary-term__button')"):
            break
    expect(first).to_be_focused()
    panel = page.locator("#" + first.get_attribute("aria-controls"))
    expect(panel).to_be_hidden()
    page.keyboard.press("Enter")
    expect(first).to_have_attribute("aria-expanded", "true")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("has spread from the breast to other parts of the body")
    violations = axe_violations(page)
    assert not violations, describe(page.url, violations)
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    page.keyboard.press("Space")
    expect(panel).to_be_visible()

    # The panel's link leads to the entry on the A–Z page.
    panel.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/glossary/#term-metastatic-breast-cancer$"))
    expect(page.locator("#term-metastatic-breast-cancer dfn")).to_have_text("Metastatic breast cancer")
    assert not page.csp_violations, page.csp_violations


def test_term_opens_by_touch_on_a_phone(live_server, new_context):
    """A tap (touch events, no mouse) opens the definition in place and a second tap closes it."""
    load_demo("demo.articles", "demo.glossary")
    phone = new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 844}).new_page()
    phone.goto(article_url(live_server.url))
    term = phone.locator("main .glossary-term__button").first
    panel = phone.locator("#" + term.get_attribute("aria-controls"))
    expect(panel).to_be_hidden()
    term.tap()
    expect(term).to_have_attribute("aria-expanded", "true")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("has spread from the breast to other parts of the body")
    expect(phone).to_have_url(re.compile(r"/metastatic-breast-cancer-stage-iv/$"))  # opened, not followed
    term.tap()
    expect(term).to_have_attribute("aria-expanded", "false")
    expect(panel).to_be_hidden()


def test_without_javascript_the_term_links_to_its_entry(live_server, new_context):
    load_demo("demo.articles", "demo.glossary")
    visitor = new_context(java_script_enabled=False).new_page()
    visitor.goto(article_url(live_server.url))
    link = visitor.locator("main dfn a").first
    expect(link).to_have_text(re.compile("^metastatic breast cancer$", re.I))
    link.click()
    expect(visitor).to_have_url(re.compile(r"/glossary/#term-metastatic-breast-cancer$"))


def test_glossary_pages_pass_axe(live_server, page):
    load_demo("demo.articles", "demo.glossary")
    glossary = live_server.url + GlossaryPage.objects.get().url
    states = [
        ("A-Z", glossary),
        ("search", glossary + "?q=HER2"),
        ("search, no results", glossary + "?q=qqqzzz"),
        ("abbreviations", glossary + "abbreviations/"),
    ]
    for name, url in states:
        page.goto(url)
        violations = axe_violations(page)
        assert not violations, f"{name}: " + describe(url, violations)

    # Jump links and the search form work by keyboard, without a script.
    page.goto(glossary)
    page.get_by_role("navigation", name="Glossary letters").get_by_role("link", name="M", exact=True).click()
    expect(page).to_have_url(re.compile("#letter-m$"))
    page.get_by_label("Search the glossary").fill("biopsy")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("1 term matches")
    expect(page.locator(".glossary-list dfn")).to_have_text(["Biopsy"])
    assert not page.csp_violations, page.csp_violations


def test_article_prints_without_chrome_with_full_urls_and_review_dates(live_server, page):
    load_demo("demo.articles", "demo.glossary")
    page.goto(article_url(live_server.url))
    page.emulate_media(media="print")
    for chrome in (".site-header", ".site-footer", ".breadcrumbs", ".on-this-page", ".related"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.locator(".review-dates")).to_be_visible()

    def printed_after(selector):
        return page.locator(selector).first.evaluate("el => getComputedStyle(el, '::after').content")

    assert re.search(r"\(https?://", printed_after(".sources a[href^='http']"))
    assert re.search(r"\(http://[^)]+/\)", printed_after(".learn-more a"))
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()
