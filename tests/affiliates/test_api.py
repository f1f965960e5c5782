"""GET /api/affiliates/locate: the JSON contract, every input form and every error code."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/affiliates/locate"
AFFILIATE_KEYS = {
    "slug",
    "name",
    "url",
    "phone",
    "email",
    "website",
    "city",
    "state",
    "distance_miles",
    "match",
}
LOCATION_KEYS = {"zip", "city", "state", "county", "latitude", "longitude"}


def get_json(client, query, status=200):
    response = client.get(URL + query)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_zip_lookup_matches_the_contract(client, iowa_setup, site):
    data = get_json(client, "?zip=50309")
    assert set(data) == {"location", "serving", "nearby", "national"}
    assert data["location"] == {
        "zip": "50309",
        "city": "Des Moines",
        "state": "IA",
        "county": "Polk County",
        "latitude": 41.5887,
        "longitude": -93.6212,
    }
    [iowa] = data["serving"]
    assert set(iowa) == AFFILIATE_KEYS
    assert iowa["slug"] == "komen-iowa" and iowa["name"] == "Komen Iowa" and iowa["match"] == "state"
    assert iowa["url"] == "http://localhost/find-your-local-affiliate/komen-iowa/"
    assert (iowa["city"], iowa["state"], iowa["phone"]) == ("Des Moines", "IA", "(515) 555-0142")
    assert iowa["distance_miles"] == 0.0
    assert [a["match"] for a in data["nearby"]] == [None, None]
    assert all(isinstance(a["distance_miles"], float) for a in data["nearby"])
    assert data["national"] == {
        "name": "Breast Care Helpline",
        "phone": "1-877 GO KOMEN (1-877-465-6636)",
        "url": "tel:+18774656636",
    }


def test_zip_plus_four(client, iowa_setup):
    data = get_json(client, "?zip=52801-1234")
    assert data["location"]["zip"] == "52801"
    assert [(a["slug"], a["match"]) for a in data["serving"]] == [("komen-quad-cities", "county")]


def test_zip_match(client, iowa_setup):
    data = get_json(client, "?zip=51501")
    assert [(a["slug"], a["match"]) for a in data["serving"]] == [("komen-greater-nebraska", "zip")]


def test_leading_zero_zip(client, make_affiliate):
    make_affiliate(
        title="Komen Massachusetts", slug="ma", city="Boston", state="MA", zip="02108", service_states="MA"
    )
    data = get_json(client, "?zip=02108")
    assert data["location"]["zip"] == "02108"
    assert [a["slug"] for a in data["serving"]] == ["ma"]


@pytest.mark.parametrize("city", ["St+Louis", "St.+Louis", "Saint+Louis", "saint%20louis", "ST.%20LOUIS"])
def test_city_and_state_with_aliases(client, make_affiliate, city):
    make_affiliate(title="STL", slug="stl", service_counties="St. Louis city, MO\nSt. Louis County, MO")
    data = get_json(client, f"?city={city}&state=MO")
    assert data["location"]["city"] == "Saint Louis"
    assert data["location"]["state"] == "MO"
    assert data["location"]["zip"] is None and data["location"]["county"] is None
    assert [(a["slug"], a["match"]) for a in data["serving"]] == [("stl", "county")]


def test_city_state_may_be_a_name(client, iowa_setup):
    data = get_json(client, "?city=davenport&state=iowa")
    assert data["location"]["county"] == "Scott County"  # every Davenport ZIP is in Scott County
    assert [a["slug"] for a in data["serving"]] == ["komen-quad-cities"]


def test_geolocation_by_lat_lng(client, iowa_setup):
    data = get_json(client, "?lat=41.59&lng=-93.62")
    assert data["location"] == {
        "zip": "50309",
        "city": "Des Moines",
        "state": "IA",
        "county": "Polk County",
        "latitude": 41.59,
        "longitude": -93.62,
    }
    assert [a["slug"] for a in data["serving"]] == ["komen-iowa"]


def test_state_only(client, iowa_setup):
    data = get_json(client, "?state=IA")
    assert data["location"] == dict.fromkeys(LOCATION_KEYS) | {"state": "IA"}
    assert {a["slug"] for a in data["serving"]} == {
        "komen-iowa",
        "komen-quad-cities",
        "komen-greater-nebraska",
    }
    assert all(a["distance_miles"] is None for a in data["serving"])


def test_no_affiliate_fallback_gives_nearest_and_helpline(client, iowa_setup):
    data = get_json(client, "?zip=60601")
    assert data["serving"] == []
    assert data["nearby"][0]["slug"] == "komen-quad-cities"
    assert data["national"]["phone"]


def test_no_affiliates_at_all_still_answers(client, locator_page):
    data = get_json(client, "?zip=50309")
    assert data["serving"] == [] and data["nearby"] == []
    assert data["national"]["name"] == "Breast Care Helpline"


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("", 400, "missing_parameter"),
        ("?zip=", 400, "missing_parameter"),
        ("?foo=bar", 400, "missing_parameter"),
        ("?zip=5030", 400, "invalid_zip"),
        ("?zip=abcde", 400, "invalid_zip"),
        ("?zip=50309-12", 400, "invalid_zip"),
        ("?zip=" + "1" * 500, 400, "invalid_zip"),
        ("?zip=%00%00", 400, "invalid_zip"),
        # Control characters make input malformed rather than being cleaned away.
        ("?zip=5030%009", 400, "invalid_zip"),
        ("?zip=50309%00", 400, "invalid_zip"),
        ("?zip=503%0809", 400, "invalid_zip"),
        ("?city=Des%00Moines&state=IA", 400, "invalid_city"),
        ("?city=Des+Moines&state=I%1FA", 400, "invalid_state"),
        ("?state=I%7FA", 400, "invalid_state"),
        ("?lat=41.5%00&lng=-93.6", 400, "invalid_coordinates"),
        ("?lat=abc&lng=-93", 400, "invalid_coordinates"),
        ("?lat=41&lng=", 400, "invalid_coordinates"),
        ("?lng=-93", 400, "invalid_coordinates"),
        ("?lat=91&lng=0", 400, "invalid_coordinates"),
        ("?lat=0&lng=181", 400, "invalid_coordinates"),
        ("?lat=NaN&lng=1", 400, "invalid_coordinates"),
        ("?lat=1e999&lng=1", 400, "invalid_coordinates"),
        ("?city=Des+Moines", 400, "missing_state"),
        ("?city=Des+Moines&state=Atlantis", 400, "invalid_state"),
        ("?state=ZZ", 400, "invalid_state"),
        ("?city=...&state=IA", 400, "invalid_city"),
        ("?city=" + "a" * 101 + "&state=IA", 400, "invalid_city"),
        ("?zip=00000", 404, "zip_not_found"),
        ("?zip=99999-0000", 404, "zip_not_found"),
        ("?city=Atlantis&state=IA", 404, "city_not_found"),
        ("?lat=48.85&lng=2.35", 404, "location_not_found"),
    ],
)
def test_errors(client, locator_page, query, status, code):
    data = get_json(client, query, status=status)
    assert set(data) == {"error"}
    assert data["error"]["code"] == code
    assert isinstance(data["error"]["message"], str) and data["error"]["message"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_other_methods_are_405(method, locator_page):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(URL + "?zip=50309")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, HEAD"


def test_head_is_allowed(client, locator_page):
    assert client.head(URL + "?zip=50309").status_code == 200


def test_script_in_input_is_not_reflected_raw(client, locator_page):
    response = client.get(URL + "?city=%3Cscript%3Ealert(1)%3C/script%3E&state=IA")
    assert response.status_code == 404
    assert b"<script>" not in response.content
    assert "<script>" in response.json()["error"]["message"]  # escaped, not lost


def test_api_query_count_is_constant(client, make_affiliate, django_assert_max_num_queries):
    from tests.utils import count_queries

    make_affiliate(title="Iowa", slug="iowa", service_states="IA")
    client.get(URL + "?zip=50309")  # warm caches (site root paths)
    _, small = count_queries(client.get, URL + "?zip=50309")
    for n in range(12):
        make_affiliate(title=f"Polk {n}", slug=f"polk-{n}", service_counties="Polk County, IA", zip="50010")
    _, large = count_queries(client.get, URL + "?zip=50309")
    assert small == large
    with django_assert_max_num_queries(8):
        response = client.get(URL + "?zip=50309")
    assert len(response.json()["serving"]) == 12


def test_answers_even_without_a_default_site(client, iowa_setup):
    from wagtail.models import Site

    Site.objects.all().delete()
    Site.clear_site_root_paths_cache()
    data = get_json(client, "?zip=50309")
    assert data["serving"][0]["slug"] == "komen-iowa"
    assert data["serving"][0]["url"] is None  # not routable without a site
    assert data["national"]["name"] == "Breast Care Helpline"
