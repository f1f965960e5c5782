import pytest

from demo.factories import AffiliateLocatorPageFactory, AffiliatePageFactory


@pytest.fixture
def locator_page(home):
    return AffiliateLocatorPageFactory(parent=home)


@pytest.fixture
def make_affiliate(locator_page):
    def make(**fields):
        return AffiliatePageFactory(parent=locator_page, **fields)

    return make


@pytest.fixture
def iowa_setup(make_affiliate):
    """A statewide affiliate, a county affiliate inside it and one claiming a single ZIP."""
    return {
        "state": make_affiliate(title="Komen Iowa", slug="komen-iowa", service_states="IA"),
        "county": make_affiliate(
            title="Komen Quad Cities",
            slug="komen-quad-cities",
            city="Davenport",
            zip="52801",
            service_counties="Scott County, IA\nRock Island County, IL",
        ),
        "zip": make_affiliate(
            title="Komen Greater Nebraska",
            slug="komen-greater-nebraska",
            city="Omaha",
            state="NE",
            zip="68102",
            service_states="NE",
            service_zips="51501 51503",
        ),
    }
