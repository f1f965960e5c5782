"""The shared error summary (includes/form_errors.html + js/error-summary.js) in a browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.urls("tests.browser.urls")


def test_error_summary_receives_focus_and_links_to_each_field(live_server, page):
    page.goto(live_server.url + "/__tests__/form/")
    page.get_by_role("button", name="Send").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    links = summary.get_by_role("link")
    expect(links).to_have_count(3)

    links.nth(1).click()
    expect(page.get_by_label("Email address")).to_be_focused()
    links.nth(2).click()
    expect(page.get_by_label("Support")).to_be_focused()
    links.nth(0).click()
    expect(page.get_by_label("Your name")).to_be_focused()

    page.get_by_label("Your name").fill("Ada")
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Support").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_have_text(re.compile("Thank you, Ada"))
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    assert not page.csp_violations
