"""The small-screen menu: a button that opens the menu in place, and a link to the full
menu page when JavaScript is off."""

import re

from playwright.sync_api import expect

from demo.pages import load as load_pages_demo

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_phone_menu_button_opens_and_closes_the_menu(live_server, new_context):
    load_pages_demo(lambda *args: None)  # home and "About us", which is in the menu
    page = new_context(**PHONE).new_page()
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main")
    button = page.get_by_role("button", name="Menu")
    expect(nav).to_be_hidden()
    expect(page.get_by_role("link", name=re.compile("^Call the helpline"))).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="About us")).to_be_focused()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(button).to_be_focused()


def test_without_javascript_the_menu_link_leads_to_the_full_menu(live_server, new_context):
    load_pages_demo(lambda *args: None)
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    page.get_by_role("link", name="Menu").click()
    expect(page).to_have_url(re.compile(r"/site-menu/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Menu")
    expect(
        page.get_by_role("navigation", name="All sections").get_by_role("link", name="About us")
    ).to_be_visible()


def test_desktop_shows_the_menu_without_a_button(live_server, new_context):
    load_pages_demo(lambda *args: None)
    page = new_context().new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Menu", exact=True)).to_be_hidden()
