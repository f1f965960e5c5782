"""The offline ZIP index and name normalisation: no database needed."""

import time

import pytest

from affiliates import areas
from affiliates.zipdata import get_index, normalize_name, state_code


@pytest.mark.parametrize(
    "spelling", ["St Louis", "St. Louis", "Saint Louis", "ST. LOUIS", "saint  louis", " st.louis "]
)
def test_city_aliases_normalise_alike(spelling):
    assert normalize_name(spelling) == normalize_name("Saint Louis")


def test_normalisation_keeps_county_and_city_apart():
    assert normalize_name("St. Louis County") != normalize_name("St. Louis city")
    assert normalize_name("St Louis County") == normalize_name("St. Louis County")


def test_state_codes_and_names():
    assert state_code("ia") == "IA"
    assert state_code("Iowa") == "IA"
    assert state_code("new  jersey") == "NJ"
    assert state_code("D.C.") == "DC"
    assert state_code("ZZ") is None
    assert state_code("") is None


def test_zip_lookup_keeps_leading_zeros():
    record = get_index().zip("02108")
    assert (record.city, record.state, record.county) == ("Boston", "MA", "Suffolk County")
    assert get_index().zip("2108") is None


def test_city_lookup_accepts_aliases():
    index = get_index()
    zips = {r.zip for r in index.city("St Louis", "MO")}
    assert "63101" in zips
    assert zips == {r.zip for r in index.city("Saint Louis", "MO")}
    assert index.city("Saint Louis", "IA") == []


def test_county_lookup_uses_the_datas_spelling():
    index = get_index()
    assert index.county("Polk County", "IA") == "Polk County"
    assert index.county("polk", "IA") == "Polk County"
    assert index.county("Saint Louis County", "MO") == "St. Louis County"
    assert index.county("Polk County", "CT") is None


def test_nearest_zip_to_a_point():
    index = get_index()
    assert index.nearest(41.5887, -93.6212, 100).zip == "50309"
    assert index.nearest(0, 0, 100) is None  # the Gulf of Guinea


def test_lookups_after_warm_up_are_well_under_a_millisecond():
    index = get_index()  # warm-up: builds the index once per process
    assert get_index() is index
    start = time.perf_counter()
    for _ in range(1000):
        index.zip("50309")
        index.city("St. Louis", "MO")
        index.county("Polk County", "IA")
    per_call = (time.perf_counter() - start) / 3000
    assert per_call < 0.0002, per_call
    start = time.perf_counter()
    for _ in range(100):
        index.nearest(38.63, -90.2, 100)
    assert (time.perf_counter() - start) / 100 < 0.001


def test_parse_service_areas_canonicalises():
    assert areas.parse_states("ne; ia, IA") == (["IA", "NE"], [])
    counties, errors = areas.parse_counties("polk county, ia\nSaint Louis County, MO;Scott, Iowa")
    assert errors == []
    assert counties == ["Polk County, IA", "Scott County, IA", "St. Louis County, MO"]
    assert areas.parse_zips("02108, 50309 50309") == (["02108", "50309"], [])


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Polk County", "with its state"),
        ("Polk County, ZZ", "not a US state"),
        ("Polk County, CT", "no county called"),
    ],
)
def test_parse_counties_explains_errors(text, fragment):
    counties, errors = areas.parse_counties(text)
    assert counties == []
    assert fragment in errors[0]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2108", "write 02108"),
        ("50309-1234", "just the first 5 digits"),
        ("5030x", "not a 5-digit ZIP"),
        ("00000", "not a US ZIP code"),
    ],
)
def test_parse_zips_explains_errors(text, fragment):
    zips, errors = areas.parse_zips(text)
    assert zips == []
    assert fragment in errors[0]


def test_parse_states_rejects_unknown_codes():
    assert areas.parse_states("IA XX")[1] == [
        "“XX” is not a US state or territory code (for example IA or NJ)."
    ]
