"""The responsive header (menu button with a no-JavaScript menu page, helpline link) and the
development-only pattern library."""

from django.urls import reverse

from demo.factories import StandardPageFactory
from resources.models import HelplineSettings
from tests.utils import soup


def test_header_has_a_menu_button_a_no_js_menu_link_and_the_helpline(client, site):
    helpline = HelplineSettings.for_site(site)
    helpline.display_number = "1-877 GO KOMEN"
    helpline.dial_number = "+18774656636"
    helpline.save()
    StandardPageFactory(parent=site.root_page, title="About us", show_in_menus=True)
    header = soup(client.get("/")).find("header")
    button = header.find("button", class_="menu-toggle")
    assert button["type"] == "button"
    assert button["aria-expanded"] == "false"
    nav = header.find("nav", attrs={"aria-label": "Main"})
    assert button["aria-controls"] == nav["id"]
    assert header.find("a", class_="menu-link")["href"] == reverse("site_menu")
    call = header.find("a", class_="helpline-link")
    assert call["href"] == "tel:+18774656636"
    assert call.get_text(" ", strip=True).startswith("Call the helpline")
    assert header.find("script") is None  # scripts are files loaded from <head>, no inline JS
    assert soup(client.get("/")).head.find("script", src=lambda s: s and "menu" in s).has_attr("defer")


def test_site_menu_page_lists_sections_and_their_menu_pages(client, site, django_assert_max_num_queries):
    about = StandardPageFactory(parent=site.root_page, title="About us", show_in_menus=True)
    StandardPageFactory(parent=about, title="Our team", show_in_menus=True)
    StandardPageFactory(parent=about, title="Not in menus", show_in_menus=False)
    support = StandardPageFactory(parent=site.root_page, title="Support", show_in_menus=True)
    StandardPageFactory(parent=support, title="Helpline", show_in_menus=True)
    StandardPageFactory(parent=site.root_page, title="Hidden", show_in_menus=False)
    client.get(reverse("site_menu"))  # warm settings caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("site_menu"))
    assert response.status_code == 200
    menu = soup(response).find("ul", class_="full-menu")
    sections = [li.find("a").text for li in menu.find_all("li", recursive=False)]
    assert sections == ["About us", "Support"]
    assert [a.text for a in menu.find_all("li", recursive=False)[0].find("ul").find_all("a")] == ["Our team"]
    assert "Not in menus" not in menu.text and "Hidden" not in menu.text
    assert soup(response).find("meta", attrs={"name": "description"})["content"]


def test_site_menu_query_count_does_not_grow_with_sections(client, site, django_assert_max_num_queries):
    for n in range(8):
        section = StandardPageFactory(parent=site.root_page, title=f"Section {n}", show_in_menus=True)
        StandardPageFactory(parent=section, title=f"Child {n}", show_in_menus=True)
    client.get(reverse("site_menu"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("site_menu")).status_code == 200


def test_pattern_library_is_development_only(client, site, settings):
    settings.PATTERN_LIBRARY_ENABLED = False
    assert client.get(reverse("pattern_library")).status_code == 404
    settings.PATTERN_LIBRARY_ENABLED = True
    response = client.get(reverse("pattern_library"))
    assert response.status_code == 200
    html = soup(response)
    for component in (
        "card",
        "callout",
        "helpline-box",
        "notice",
        "error-summary",
        "pagination",
        "breadcrumbs",
    ):
        assert html.find(class_=component), component
    assert html.find("table").find("caption")
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
