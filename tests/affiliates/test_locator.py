"""The matching rule and place resolution in `affiliates.locator`."""

import pytest
from wagtail.models import PageViewRestriction

from affiliates import locator
from affiliates.models import ServiceArea
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def serving(place):
    return [(m.affiliate.slug, m.match) for m in locator.locate(place).serving]


def test_state_match_when_nothing_more_specific(iowa_setup):
    assert serving(locator.resolve_zip("50309")) == [("komen-iowa", "state")]


def test_county_beats_state(iowa_setup):
    assert serving(locator.resolve_zip("52801")) == [("komen-quad-cities", "county")]


def test_zip_beats_county_and_state(iowa_setup, make_affiliate):
    # Council Bluffs, Pottawattamie County: Iowa serves the state, a county affiliate the
    # county, but Greater Nebraska lists the ZIP itself.
    make_affiliate(title="Pottawattamie", slug="pott", service_counties="Pottawattamie County, IA")
    assert serving(locator.resolve_zip("51501")) == [("komen-greater-nebraska", "zip")]
    assert serving(locator.resolve_zip("51510")) == [("pott", "county")]


def test_ties_are_all_returned(iowa_setup, make_affiliate):
    make_affiliate(title="Second Scott", slug="second-scott", service_counties="Scott County, IA")
    make_affiliate(title="Another Iowa", slug="another-iowa", service_states="IA")
    assert sorted(serving(locator.resolve_zip("52801"))) == [
        ("komen-quad-cities", "county"),
        ("second-scott", "county"),
    ]
    assert sorted(serving(locator.resolve_zip("50309"))) == [
        ("another-iowa", "state"),
        ("komen-iowa", "state"),
    ]


def test_counties_across_state_lines(iowa_setup):
    # Rock Island, IL is served by the Quad Cities affiliate based in Iowa.
    assert serving(locator.resolve_zip("61201")) == [("komen-quad-cities", "county")]


def test_county_spelling_variants_match(make_affiliate):
    make_affiliate(title="St. Louis", slug="stl", service_counties="Saint Louis County, MO")
    # The data spells this ZIP's county "St Louis County" or "St. Louis County".
    for code in ("63105", "63117", "63122"):
        assert serving(locator.resolve_zip(code)) == [("stl", "county")], code


def test_city_split_between_affiliates_returns_both(make_affiliate):
    make_affiliate(title="Jackson", slug="jackson", service_counties="Jackson County, MO")
    make_affiliate(title="Clay", slug="clay", service_counties="Clay County, MO")
    make_affiliate(title="Missouri", slug="missouri", service_states="MO")
    result = serving(locator.resolve_city("Kansas City", "MO"))
    # Platte County parts of Kansas City fall back to the statewide affiliate.
    assert sorted(result) == [("clay", "county"), ("jackson", "county"), ("missouri", "state")]
    # ...but the statewide one is listed after the more specific ones.
    assert result[-1] == ("missouri", "state")


def test_state_search_lists_everyone_serving_part_of_the_state(iowa_setup):
    result = locator.locate(locator.resolve_state("IA"))
    assert [(m.affiliate.slug, m.match) for m in result.serving] == [
        ("komen-greater-nebraska", "zip"),
        ("komen-quad-cities", "county"),
        ("komen-iowa", "state"),
    ]
    assert result.nearby == []
    assert all(m.distance_miles is None for m in result.serving)


def test_nobody_serves_falls_back_to_nearest_with_distances(iowa_setup):
    result = locator.locate(locator.resolve_zip("60601"))  # Chicago
    assert result.serving == []
    assert [m.affiliate.slug for m in result.nearby][0] == "komen-quad-cities"
    distances = [m.distance_miles for m in result.nearby]
    assert distances == sorted(distances) and all(d > 100 for d in distances)


def test_state_without_affiliates_falls_back_to_nearest_from_its_middle(iowa_setup):
    result = locator.locate(locator.resolve_state("WY"))
    assert result.serving == []
    assert len(result.nearby) == 3 and all(m.distance_miles for m in result.nearby)


def test_nearby_lists_at_most_five_others_nearest_first(make_affiliate):
    make_affiliate(title="Iowa", slug="iowa", service_states="IA")
    for n, code in enumerate(["68102", "52801", "64106", "63101", "55401", "60601", "80202"]):
        make_affiliate(title=f"Other {n}", slug=f"other-{n}", zip=code)
    result = locator.locate(locator.resolve_zip("50309"))
    assert [m.affiliate.slug for m in result.serving] == ["iowa"]
    assert len(result.nearby) == 5
    assert "iowa" not in [m.affiliate.slug for m in result.nearby]
    distances = [m.distance_miles for m in result.nearby]
    assert distances == sorted(distances)
    assert result.nearby[0].affiliate.zip == "68102"  # Omaha, ~122 miles
    assert 115 < distances[0] < 130


def test_unpublished_and_private_affiliates_are_not_listed(iowa_setup, locator_page):
    iowa_setup["state"].unpublish()
    PageViewRestriction.objects.create(
        page=iowa_setup["county"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    result = locator.locate(locator.resolve_zip("52801"))
    assert result.serving == []
    assert [m.affiliate.slug for m in result.nearby] == ["komen-greater-nebraska"]
    # A restriction on an ancestor hides every affiliate below it.
    PageViewRestriction.objects.create(page=locator_page, restriction_type=PageViewRestriction.LOGIN)
    result = locator.locate(locator.resolve_zip("68102"))
    assert result.serving == [] and result.nearby == []


def test_service_area_index_follows_published_content(make_affiliate):
    affiliate = make_affiliate(title="Iowa", slug="iowa", service_states="IA")
    assert list(ServiceArea.objects.values_list("kind", "key")) == [("state", "IA")]
    # A draft does not change who serves a place...
    affiliate.service_states = "NE"
    affiliate.save_revision()
    assert serving(locator.resolve_zip("50309")) == [("iowa", "state")]
    # ...publishing it does.
    affiliate.get_latest_revision().publish()
    assert serving(locator.resolve_zip("50309")) == []
    assert serving(locator.resolve_zip("68102")) == [("iowa", "state")]
    affiliate.delete()
    assert not ServiceArea.objects.exists()


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        (lambda: locator.resolve_zip("50309"), locator.MAX_QUERIES),
        (lambda: locator.resolve_city("Des Moines", "IA"), locator.MAX_QUERIES),
        (lambda: locator.resolve_point(41.59, -93.62), locator.MAX_QUERIES),
        (lambda: locator.resolve_state("IA"), 1),  # no "nearby" list when affiliates serve the state
    ],
)
def test_query_count_is_constant_in_the_number_of_affiliates(make_affiliate, place, expected):
    def run():
        result, queries = count_queries(locator.locate, place())
        return len(result.serving), queries

    make_affiliate(title="Iowa", slug="iowa", service_states="IA", service_counties="Polk County, IA")
    small = run()
    for n in range(15):
        make_affiliate(
            title=f"Extra {n}",
            slug=f"extra-{n}",
            service_states="IA" if n % 3 == 0 else "",
            service_counties="Polk County, IA" if n % 3 == 1 else "Story County, IA",
            service_zips="50309" if n % 5 == 0 else "",
        )
    large = run()
    assert small[1] == large[1] <= expected
    assert large[0] > small[0] or place().kind != "state"


class TestResolution:
    @pytest.mark.parametrize("text", ["50309", " 50309 ", "50309-1234", "503091234", "50309 1234"])
    def test_zip_and_zip_plus_four(self, text):
        place = locator.resolve_zip(text)
        assert (place.zip, place.city, place.state, place.county) == (
            "50309",
            "Des Moines",
            "IA",
            "Polk County",
        )

    def test_leading_zero_zip(self):
        place = locator.resolve_zip("02108")
        assert (place.zip, place.city, place.state) == ("02108", "Boston", "MA")

    @pytest.mark.parametrize("text", ["5030", "503099", "50309-12", "abcde", "50309-1234-1"])
    def test_malformed_zip(self, text):
        with pytest.raises(locator.LocatorError) as error:
            locator.resolve_zip(text)
        assert (error.value.code, error.value.status) == ("invalid_zip", 400)

    def test_unknown_zip(self):
        with pytest.raises(locator.LocatorError) as error:
            locator.resolve_zip("00000")
        assert (error.value.code, error.value.status) == ("zip_not_found", 404)

    @pytest.mark.parametrize(
        "text", ["St Louis, MO", "St. Louis, MO", "Saint Louis, MO", "st louis mo", "ST. LOUIS, Missouri"]
    )
    def test_city_aliases_in_free_text(self, text):
        place = locator.resolve_text(text)
        assert (place.kind, place.city, place.state) == ("city", "Saint Louis", "MO")
        assert place.zip is None and len(place.units) > 10

    def test_city_takes_state_from_the_list(self):
        assert locator.resolve_text("Des Moines", "IA").city == "Des Moines"

    @pytest.mark.parametrize("text", ["Iowa", "ia", "new jersey"])
    def test_a_state_typed_alone_is_a_state_search(self, text):
        assert locator.resolve_text(text).kind == "state"

    def test_a_state_name_that_is_also_a_city(self):
        place = locator.resolve_text("Washington", "DC")
        assert (place.kind, place.city, place.state) == ("city", "Washington", "DC")

    def test_city_without_state(self):
        with pytest.raises(locator.LocatorError) as error:
            locator.resolve_text("Springfield")
        assert error.value.code == "missing_state"

    def test_unknown_city(self):
        with pytest.raises(locator.LocatorError) as error:
            locator.resolve_city("Atlantis", "IA")
        assert (error.value.code, error.value.status) == ("city_not_found", 404)

    def test_point_resolves_to_nearest_zip_but_keeps_its_coordinates(self):
        place = locator.resolve_point("41.59", "-93.62")
        assert (place.zip, place.county, place.latitude, place.longitude) == (
            "50309",
            "Polk County",
            41.59,
            -93.62,
        )

    @pytest.mark.parametrize(
        ("lat", "lng"),
        [("91", "0"), ("0", "-181"), ("nan", "0"), ("inf", "1"), ("x", "1"), ("1", ""), ("", "1")],
    )
    def test_bad_points(self, lat, lng):
        with pytest.raises(locator.LocatorError) as error:
            locator.resolve_point(lat, lng)
        assert (error.value.code, error.value.status) == ("invalid_coordinates", 400)

    def test_point_outside_the_us(self):
        with pytest.raises(locator.LocatorError) as error:
            locator.resolve_point("48.85", "2.35")  # Paris
        assert (error.value.code, error.value.status) == ("location_not_found", 404)


def test_position_from_the_zip_follows_a_new_zip(make_affiliate):
    affiliate = make_affiliate(title="Moving", slug="moving", zip="50309")
    assert (str(affiliate.latitude), str(affiliate.longitude)) == ("41.588700", "-93.621200")
    affiliate.zip = "52801"
    affiliate.save_revision().publish()
    affiliate.refresh_from_db()
    assert (str(affiliate.latitude), str(affiliate.longitude)) == ("41.520800", "-90.574500")


def test_position_typed_by_an_editor_is_kept_when_the_zip_changes(make_affiliate):
    from decimal import Decimal

    affiliate = make_affiliate(
        title="Typed", slug="typed", zip="50309", latitude=Decimal("41.6"), longitude=Decimal("-93.6")
    )
    affiliate.zip = "52801"
    affiliate.save_revision().publish()
    affiliate.refresh_from_db()
    assert (affiliate.latitude, affiliate.longitude) == (Decimal("41.6"), Decimal("-93.6"))
