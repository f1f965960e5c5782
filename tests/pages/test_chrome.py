import datetime as dt

from demo.factories import StandardPageFactory
from pages.models import SiteSettings
from resources.models import HelplineHours, HelplineSettings
from tests.utils import count_queries, soup


def test_home_has_skip_link_landmarks_and_one_h1(client, home):
    response = client.get("/")
    assert response.status_code == 200
    html = soup(response)
    first_link = html.body.find("a")
    assert first_link["href"] == "#main" and "Skip" in first_link.text
    assert html.find("main", id="main")
    assert html.find("header") and html.find("footer")
    assert html.find("nav", attrs={"aria-label": "Main"}) is None  # no menu pages yet
    assert len(html.find_all("h1")) == 1


def test_menu_shows_only_live_pages_marked_for_menus(client, home):
    StandardPageFactory(parent=home, title="About us", show_in_menus=True)
    StandardPageFactory(parent=home, title="Hidden page", show_in_menus=False)
    draft = StandardPageFactory(parent=home, title="Draft page", show_in_menus=True)
    draft.unpublish()
    nav = soup(client.get("/")).find("nav", attrs={"aria-label": "Main"})
    assert [a.text for a in nav.find_all("a")] == ["About us"]


def test_breadcrumbs_and_current_menu_item(client, home):
    about = StandardPageFactory(parent=home, title="About us", show_in_menus=True)
    team = StandardPageFactory(parent=about, title="Our team")
    html = soup(client.get(team.url))
    crumbs = html.find("nav", attrs={"aria-label": "Breadcrumb"})
    assert [a.text for a in crumbs.find_all("a")] == ["Home", "About us", "Our team"]
    assert crumbs.find_all("a")[-1]["aria-current"] == "page"
    menu_link = html.find("nav", attrs={"aria-label": "Main"}).find("a")
    assert menu_link["aria-current"] == "true"


def test_footer_helpline_comes_from_the_setting(client, site):
    helpline = HelplineSettings.for_site(site)
    helpline.display_number = "1-877 GO KOMEN (1-877-465-6636)"
    helpline.dial_number = "+18774656636"
    helpline.email = "helpline@komen.org"
    helpline.save()
    for day in range(5):
        HelplineHours.objects.create(setting=helpline, weekday=day, opens=dt.time(9), closes=dt.time(22))
    footer = soup(client.get("/")).find("footer")
    tel = footer.find("a", href="tel:+18774656636")
    assert tel.text == "1-877 GO KOMEN (1-877-465-6636)"
    text = footer.get_text(" ", strip=True)
    assert "Monday through Friday: 9:00 a.m. to 10:00 p.m. ET (6:00 a.m. to 7:00 p.m. PT)" in text
    assert footer.find("a", href="mailto:helpline@komen.org")

    helpline.display_number = "1-800-000-0000"
    helpline.dial_number = "+18000000000"
    helpline.save()
    footer = soup(client.get("/")).find("footer")
    assert footer.find("a", href="tel:+18000000000").text == "1-800-000-0000"


def test_footer_links_and_text_from_site_settings(client, site):
    about = StandardPageFactory(parent=site.root_page, title="About us")
    settings = SiteSettings.for_site(site)
    settings.footer_text = "General information, not medical advice."
    settings.footer_links = [("link", {"page": about, "url": "", "label": "Who we are"})]
    settings.save()
    footer = soup(client.get("/")).find("footer")
    assert footer.find("a", href=about.url).text == "Who we are"
    assert "General information, not medical advice." in footer.text


def test_home_page_query_count_is_constant(client, home, django_assert_max_num_queries):
    StandardPageFactory(parent=home, title="Menu page", show_in_menus=True)
    client.get("/")  # the first view creates the settings rows
    _, few = count_queries(client.get, "/")
    for n in range(12):
        StandardPageFactory(parent=home, title=f"Menu page {n}", show_in_menus=True)
    with django_assert_max_num_queries(few):
        response = client.get("/")
    assert response.status_code == 200
    assert few <= 10


def test_home_featured_cards_constant_queries(client, home, django_assert_max_num_queries):
    pages = [StandardPageFactory(parent=home, listing_summary=f"Card summary {n}") for n in range(8)]

    def feature(n):
        home.featured = [
            ("featured_page", {"page": page, "heading": "", "summary": ""}) for page in pages[:n]
        ]
        home.save_revision().publish()

    feature(1)
    client.get("/")
    _, few = count_queries(client.get, "/")
    feature(8)
    client.get("/")  # publishing clears the cached site root paths; refill them first
    with django_assert_max_num_queries(few):
        response = client.get("/")
    html = soup(response)
    assert len(html.select("article.card")) == 8
    assert "Card summary 7" in html.text
    pages[0].unpublish()
    assert len(soup(client.get("/")).select("article.card")) == 7
