"""The locator page (works without JavaScript) and affiliate pages."""

import re

import pytest
from wagtail.test.utils import WagtailTestUtils  # noqa: F401  (documents where the helpers live)

from affiliates.models import AffiliateLocatorPage, AffiliatePage
from demo.factories import AffiliateLocatorPageFactory
from pages.models import HomePage, StandardPage
from tests.utils import count_queries
from tests.utils import soup as soup_of

pytestmark = pytest.mark.django_db

URL = "/find-your-local-affiliate/"


def result_headings(soup):
    return [h.get_text(strip=True) for h in soup.select(".affiliate-list h3")]


def test_page_types_live_where_they_should(home, locator_page):
    assert AffiliateLocatorPage.allowed_parent_page_models() == [HomePage]
    assert AffiliateLocatorPage.max_count == 1
    assert not AffiliateLocatorPage.can_create_at(home)  # only one
    assert AffiliatePage.allowed_parent_page_models() == [AffiliateLocatorPage]
    assert AffiliatePage.can_create_at(locator_page)
    assert not AffiliatePage.can_create_at(home)
    assert AffiliateLocatorPage.allowed_subpage_models() == [AffiliatePage]
    assert not StandardPage.can_create_at(locator_page)


def test_empty_locator_page_shows_an_accessible_form(client, locator_page):
    soup = soup_of(client.get(URL))
    form = soup.select_one("form.locator-form")
    assert form["method"] == "get"
    assert soup.select_one("label[for=locator-q]").get_text(strip=True) == "ZIP code, or city and state"
    assert soup.select_one("label[for=locator-state]").get_text(strip=True) == "Or choose a state"
    assert len(soup.select("#locator-state option")) == 57  # prompt + 50 states, DC and 5 territories
    # "Use my location" stays hidden until the script shows it; the script is a static file.
    button = soup.select_one("[data-geolocate]")
    assert button.has_attr("hidden") and button["type"] == "button"
    scripts = soup.find_all("script")
    assert [s.get("src") for s in scripts] == ["/static/js/menu.js", "/static/affiliates/locator.js"]
    assert all(s.has_attr("defer") and not s.string for s in scripts)
    assert not soup.select("[style], [onclick]")
    assert soup.select_one("[role=status].result-count").get_text(strip=True) == ""


def test_static_script_is_served(client, locator_page):
    response = client.get("/static/affiliates/locator.js")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert b"navigator.geolocation" in body and b"PERMISSION_DENIED" in body
    assert b"did not allow" in body  # says plainly when permission was refused


def test_zip_search_without_javascript(client, iowa_setup):
    soup = soup_of(client.get(URL, {"q": "52801"}))
    status = soup.select_one("[role=status].result-count").get_text(" ", strip=True)
    assert status.startswith("1 Affiliate serves Davenport, IA 52801, and 2 more nearby")
    assert soup.select_one("#serving-heading").get_text(strip=True) == "Serving Davenport, IA 52801"
    assert result_headings(soup)[0] == "Komen Quad Cities"
    assert soup.select_one("#nearby-heading").get_text(strip=True) == "Other Affiliates nearby"
    assert "Serves this county" in soup.select(".affiliate-list")[0].get_text()
    assert re.search(r"\d+\.\d miles away", soup.select(".affiliate-list")[1].get_text())
    link = soup.select_one(".affiliate-list h3 a")["href"]
    assert link == "/find-your-local-affiliate/komen-quad-cities/"
    assert soup.select_one("#locator-q")["value"] == "52801"


def test_headings_are_in_order(client, iowa_setup):
    soup = soup_of(client.get(URL, {"q": "52801"}))
    levels = [int(h.name[1]) for h in soup.select("main h1, main h2, main h3, main h4")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


@pytest.mark.parametrize("query", ["St Louis, MO", "st. louis mo", "Saint Louis, Missouri"])
def test_city_search_with_aliases(client, make_affiliate, query):
    make_affiliate(title="Komen St. Louis", slug="stl", service_counties="St. Louis city, MO")
    soup = soup_of(client.get(URL, {"q": query}))
    assert result_headings(soup) == ["Komen St. Louis"]
    assert "Saint Louis, MO" in soup.select_one("#serving-heading").get_text()


def test_city_with_state_from_the_list(client, iowa_setup):
    soup = soup_of(client.get(URL, {"q": "Davenport", "state": "IA"}))
    assert result_headings(soup)[0] == "Komen Quad Cities"


def test_state_search(client, iowa_setup):
    soup = soup_of(client.get(URL, {"q": "", "state": "IA"}))
    assert soup.select_one("#serving-heading").get_text(strip=True) == "Serving Iowa"
    assert sorted(result_headings(soup)) == ["Komen Greater Nebraska", "Komen Iowa", "Komen Quad Cities"]
    assert soup.select_one("#locator-state option[selected]")["value"] == "IA"


def test_geolocation_submission(client, iowa_setup):
    soup = soup_of(client.get(URL, {"lat": "41.520", "lng": "-90.575"}))
    assert result_headings(soup)[0] == "Komen Quad Cities"


def test_leading_zero_zip_on_the_page(client, make_affiliate):
    make_affiliate(
        title="Komen Massachusetts", slug="ma", city="Boston", state="MA", zip="02108", service_states="MA"
    )
    soup = soup_of(client.get(URL, {"q": "02108-1001"}))
    assert result_headings(soup) == ["Komen Massachusetts"]
    assert "Boston, MA 02108" in soup.select_one("#serving-heading").get_text()


def test_no_affiliate_serves_shows_nearest_and_helpline(client, iowa_setup):
    soup = soup_of(client.get(URL, {"q": "60601"}))
    assert (
        soup.select_one("#no-affiliate-heading").get_text(strip=True)
        == "No Affiliate serves Chicago, IL 60601 yet"
    )
    assert (
        soup.select_one(".result-count").get_text(" ", strip=True)
        == "No Affiliate serves Chicago, IL 60601 yet; 3 nearest Affiliates listed."
    )
    assert soup.select_one("#nearby-heading").get_text(strip=True) == "Nearest Affiliates"
    assert result_headings(soup)[0] == "Komen Quad Cities"
    callout = soup.select_one(".callout")
    assert "Breast Care Helpline" in callout.get_text()
    assert callout.select_one('a[href="tel:+18774656636"]')


def test_editors_no_results_text(client, home):
    AffiliateLocatorPageFactory(parent=home, no_results_text="Call us, we will find help near you.")
    soup = soup_of(client.get(URL, {"q": "60601"}))
    assert "Call us, we will find help near you." in soup.select_one(".callout").get_text()


@pytest.mark.parametrize(
    ("params", "field", "fragment"),
    [
        ({"q": "5030"}, "locator-q", "5-digit ZIP code"),
        ({"q": "00000"}, "locator-q", "could not find the ZIP code 00000"),
        ({"q": ""}, "locator-q", "Enter a ZIP code or a city and state"),
        ({"q": "Springfield"}, "locator-q", "Add the state"),
        ({"q": "Atlantis, IA"}, "locator-q", "could not find “Atlantis” in Iowa"),
        ({"q": "Des Moines, Iwa"}, "locator-q", "“Iwa” is not a US state"),
        ({"q": "x" * 150}, "locator-q", "at most 100 characters"),
        ({"state": "ZZ"}, "locator-state", "Select a valid choice"),
        ({"lat": "abc", "lng": "1"}, "locator-q", "Latitude must be a number"),
        ({"lat": "48.85", "lng": "2.35"}, "locator-q", "not in the United States"),
    ],
)
def test_errors_explain_what_to_fix(client, locator_page, params, field, fragment):
    soup = soup_of(client.get(URL, params))
    summary = soup.select_one(".error-summary")
    assert summary["role"] == "alert"
    link = summary.select_one("a")
    assert link["href"] == f"#{field}"
    assert fragment in link.get_text()
    assert soup.select_one(f"#{field}")  # the link target exists
    if field == "locator-q" and "lat" not in params:
        assert soup.select_one("#locator-q")["aria-invalid"] == "true"
        assert "locator-q-error" in soup.select_one("#locator-q")["aria-describedby"]
    assert not soup.select(".affiliate-list")
    assert soup.title.get_text().startswith("Error: ")


def test_search_text_is_escaped(client, locator_page):
    response = client.get(URL, {"q": '<script>alert("x")</script>, IA'})
    assert response.status_code == 200
    assert b'<script>alert("x")</script>' not in response.content
    assert b"&lt;script&gt;" in response.content


def test_locator_page_query_count_is_constant(client, make_affiliate, django_assert_max_num_queries):
    make_affiliate(title="Iowa", slug="iowa", service_states="IA")
    client.get(URL, {"q": "50309"})
    _, small = count_queries(client.get, URL, {"q": "50309"})
    for n in range(12):
        make_affiliate(title=f"Polk {n}", slug=f"polk-{n}", service_counties="Polk County, IA", zip="50010")
    _, large = count_queries(client.get, URL, {"q": "50309"})
    assert small == large
    with django_assert_max_num_queries(small):
        response = client.get(URL, {"q": "Des Moines, IA"})
    assert len(result_headings(soup_of(response))) == 12 + 1  # 12 serving Polk County, Iowa nearby


def test_affiliate_page_shows_contact_and_service_area(client, make_affiliate, django_assert_max_num_queries):
    page = make_affiliate(
        title="Komen Quad Cities",
        slug="qc",
        street="220 West Second Street",
        city="Davenport",
        zip="52801",
        service_states="",
        service_counties="Scott County, IA\nRock Island County, IL",
        service_zips="61265",
        description="<p>Programs on both banks of the river.</p>",
    )
    client.get(page.url)  # the first request creates the site settings rows
    with django_assert_max_num_queries(14):
        soup = soup_of(client.get(page.url))
    assert soup.h1.get_text(strip=True) == "Komen Quad Cities"
    assert "Programs on both banks" in soup.select_one(".affiliate__description").get_text()
    assert "220 West Second Street" in soup.address.get_text()
    assert soup.select_one('a[href="tel:5155550142"]')
    assert [li.get_text() for li in soup.select(".area-list li")] == [
        "Scott County, IA",
        "Rock Island County, IL",
    ]
    assert "61265" in soup.select_one("#area-heading").find_parent("section").get_text()
    assert soup.find("a", string="Find another Affiliate")["href"] == URL


def test_long_state_results_are_paginated(client, make_affiliate, django_assert_max_num_queries):
    for n in range(23):
        make_affiliate(title=f"Iowa {n:02d}", slug=f"iowa-{n}", service_states="IA")
    first = soup_of(client.get(URL, {"state": "IA"}))
    assert len(result_headings(first)) == 20
    assert "Showing 1 to 20 of 23." in first.get_text()
    assert first.select_one(".result-count").get_text(strip=True).startswith("23 Affiliates serve Iowa")
    next_link = first.select_one('.pagination a[rel="next"]')["href"]
    assert "state=IA" in next_link and "page=2" in next_link
    second = soup_of(client.get(URL + next_link))
    assert len(result_headings(second)) == 3
    for bad in ("999", "x", "-1"):
        assert client.get(URL, {"state": "IA", "page": bad}).status_code == 200
