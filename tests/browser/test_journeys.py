"""End-to-end journeys of real people, in Chromium, against the live server.

Each journey is one test that walks the whole path. As features land, the lead extends them
(see README "Quality gates → Browser journeys"):
  1. editor → article with citations and a perspective teaser → medical review → publish;
     visitor sees numbered sources and the disclaimer   (articles branch; StandardPage today)
  2. visitor finds an affiliate by ZIP, "City, ST", "use my location", and without JS (affiliates)
  3. member signs up, verifies email, posts, reports; moderator acts; member sees it (forums)
  4. visitor filters and downloads a fact sheet (resources), and searches the site (today)
"""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from pages.models import HomePage, StandardPage
from tests.browser.conftest import watch_csp

EDITOR_PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def demo(live_server):
    call_command("load_demo_content", stdout=StringIO())
    return live_server.url


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", EDITOR_PASSWORD)


def log_in_to_admin(page, base_url, username, password):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_journey_1_editor_publishes_a_page_and_a_visitor_finds_it(demo, editor, new_context):
    """Journey 1, today with a StandardPage. When articles land, the editor creates a
    ConditionArticlePage with two citations and a perspective teaser, submits it to the
    medical-review workflow, a reviewer approves it, and the visitor checks the numbered
    sources and the disclaimer (extend `editor_creates_page` and the visitor's checks)."""
    home = HomePage.objects.get()
    admin = new_context().new_page()
    admin_csp = watch_csp(admin)
    log_in_to_admin(admin, demo, "editor", EDITOR_PASSWORD)

    # The editor adds a child page of the home page through the explorer.
    admin.goto(f"{demo}/admin/pages/{home.pk}/")
    admin.get_by_role("link", name=re.compile("Add child page", re.I)).first.click()
    if "/add_subpage/" in admin.url:  # more than one page type allowed here: choose one
        admin.get_by_role("link", name=re.compile("Standard page", re.I)).first.click()
    expect(admin.get_by_text("New: Standard page").first).to_be_visible()
    admin.locator("#id_title").fill("Lymphedema after surgery")
    admin.locator("#id_intro").fill("Swelling in the arm after lymph node surgery, and what helps.")
    admin.get_by_role("button", name=re.compile("More actions", re.I)).click()
    admin.get_by_role("button", name=re.compile("^Publish", re.I)).click()
    expect(admin.get_by_text(re.compile("created and published", re.I))).to_be_visible()
    assert not admin_csp, f"the admin policy blocked something: {admin_csp}"

    published = StandardPage.objects.get(title="Lymphedema after surgery")
    assert published.live and published.get_parent().pk == home.pk

    # A visitor (no cookies shared with the editor) searches for it and reads it.
    visitor = new_context().new_page()
    visitor.goto(demo + "/")
    visitor.get_by_label("Search the site").fill("lymphedema")
    visitor.get_by_label("Search the site").press("Enter")
    expect(visitor.get_by_role("status")).to_have_text(re.compile(r"^1 result for"))
    visitor.get_by_role("link", name="Lymphedema after surgery").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Lymphedema after surgery")
    expect(visitor.get_by_text("Swelling in the arm after lymph node surgery")).to_be_visible()


def test_journey_4_visitor_searches_the_site(demo, page):
    """Journey 4, search half. The resources half (filter the library, download a fact
    sheet) goes in `test_journey_4_visitor_filters_and_downloads_a_fact_sheet` when the
    resources library lands."""
    page.goto(demo + "/")
    search_box = page.get_by_label("Search the site")
    search_box.fill("support")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=support"))
    expect(page).to_have_title(re.compile("Search results for .support."))
    count = page.get_by_role("status")
    expect(count).to_have_text(re.compile(r"^\d+ results? for .support.$"))
    results = page.locator("ol.result-list > li h2 a")
    assert results.count() >= 1
    first_title = results.first.inner_text()
    results.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)

    # Nothing found: the empty state says what to do next and keeps the query in the box.
    page.goto(demo + "/search/?q=qqqzzzxxy")
    expect(page.get_by_role("status")).to_have_text(re.compile("^0 results"))
    expect(page.get_by_text("No pages matched your search")).to_be_visible()
    expect(page.get_by_label("Search for")).to_have_value("qqqzzzxxy")

    # Hostile input is shown back as text, never run.
    page.goto(demo + "/search/?q=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E")
    assert page.evaluate("window.pwned") is None
    expect(page.get_by_role("status")).to_contain_text("<script>")
    assert not page.csp_violations
