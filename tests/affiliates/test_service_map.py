"""The offline service-area map on affiliate pages and locator results."""

import re

from affiliates import servicemap
from tests.utils import soup


def test_county_names_from_the_zip_data_find_their_census_shapes():
    assert servicemap.county_fips("Polk County", "IA") == "19153"
    assert servicemap.county_fips("Rock Island County", "IL") == "17161"
    # A county and an independent city with the same name.
    assert servicemap.county_fips("St. Louis County", "MO") == "29189"
    assert servicemap.county_fips("St. Louis city", "MO") == "29510"
    assert servicemap.county_fips("Orleans Parish", "LA") == "22071"
    assert servicemap.county_fips("Polk County", "ZZ") is None
    assert servicemap.county_fips("Nowhere County", "IA") is None


def test_map_frames_the_states_involved_and_describes_every_area():
    result = servicemap.build(["NE"], ["Scott County, IA", "Rock Island County, IL"], office_state="IA")
    assert len(result.served) == 3
    assert len(result.context) == 3  # IA, IL, NE outlines
    assert result.description == "Highlighted on the map: Nebraska; Scott County, IA; Rock Island County, IL."
    x, y, width, height = map(float, result.view_box.split())
    assert x >= 0 and y >= 0 and x + width <= 975 * 1.1 and y + height <= 610 * 1.1
    assert servicemap.build([], []) is None


def test_map_data_is_compact_and_complete():
    data = servicemap.map_data()
    assert len(data["states"]) == 51 and len(data["counties"]) > 3100
    assert servicemap.DATA_FILE.stat().st_size < 600_000


def test_affiliate_page_shows_the_map_as_an_image_with_a_text_alternative(client, iowa_setup):
    html = soup(client.get(iowa_setup["county"].url))
    section = html.find("section", attrs={"aria-labelledby": "area-heading"})
    # The list stays the primary content ...
    assert [li.text for li in section.find("ul", class_="area-list").find_all("li")] == [
        "Scott County, IA",
        "Rock Island County, IL",
    ]
    # ... and the map is an image named and described for screen readers.
    svg = section.find("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).text == "Map of the area Komen Quad Cities serves"
    assert "Scott County, IA; Rock Island County, IL" in svg.find("desc", id=desc_id).text
    assert len(svg.select("g.map-served path")) == 2
    assert all(re.fullmatch(r"[MLZ0-9.,\-]+", p["d"]) for p in svg.find_all("path"))
    assert "style" not in str(svg)  # strict CSP: classes only


def test_affiliate_without_drawable_areas_has_no_map(client, make_affiliate):
    page = make_affiliate(title="ZIPs only", service_zips="50309")
    assert soup(client.get(page.url)).find("svg") is None


def test_locator_results_show_the_serving_affiliates_map(client, iowa_setup, locator_page):
    html = soup(client.get(locator_page.url, {"q": "52801"}))
    serving = html.find("ul", attrs={"aria-labelledby": "serving-heading"})
    svgs = serving.find_all("svg")
    assert svgs and all(svg["role"] == "img" for svg in svgs)
    ids = [svg["aria-labelledby"] for svg in svgs]
    assert len(set(ids)) == len(ids)  # unique ids when several affiliates serve the place
