"""Editors manage affiliates in the Wagtail admin, with validated service areas."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from affiliates.models import AffiliatePage, ServiceArea

pytestmark = pytest.mark.django_db


def post(admin_client, locator_page, **overrides):
    url = reverse("wagtailadmin_pages:add", args=("affiliates", "affiliatepage", locator_page.pk))
    data = nested_form_data(form_data_dict(**overrides))
    data["service_states"] = overrides.get("service_states", ["NE", "IA"])
    return admin_client.post(url, data)


def form_data_dict(**overrides):
    data = {
        "title": "Komen Central Iowa",
        "slug": "komen-central-iowa",
        "description": rich_text("<p>Programs in central Iowa.</p>"),
        "phone": "(515) 555-0142",
        "email": "central@example.org",
        "website": "https://central.example.org",
        "street": "1200 Grand Avenue",
        "city": "Des Moines",
        "state": "IA",
        "zip": "50309",
        "latitude": "",
        "longitude": "",
        "service_counties": "polk county, ia\nStory, IA",
        "service_zips": "50010, 02108",
        "listing_summary": "",
        "seo_title": "",
        "search_description": "",
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update({k: v for k, v in overrides.items() if k != "service_states"})
    return data


def test_editor_creates_an_affiliate_with_canonical_service_area(admin_client, locator_page):
    response = post(admin_client, locator_page)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = AffiliatePage.objects.get(slug="komen-central-iowa")
    assert page.live
    assert page.service_states == "IA;NE"
    assert page.service_counties == "Polk County, IA\nStory County, IA"
    assert page.service_zips == "02108 50010"
    assert (str(page.latitude), str(page.longitude)) == ("41.588700", "-93.621200")
    assert set(ServiceArea.objects.filter(affiliate=page).values_list("kind", "key", "state")) == {
        ("state", "IA", "IA"),
        ("state", "NE", "NE"),
        ("county", "polk county", "IA"),
        ("county", "story county", "IA"),
        ("zip", "02108", "MA"),
        ("zip", "50010", "IA"),
    }


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"service_counties": "Polk County, CT"}, "service_counties", "no county called"),
        ({"service_counties": "Polk County"}, "service_counties", "with its state"),
        ({"service_zips": "2108"}, "service_zips", "write 02108"),
        ({"service_zips": "50309-1234"}, "service_zips", "ZIP+4"),
        ({"service_states": ["XX"]}, "service_states", "Select a valid choice"),
        ({"zip": "2108"}, "zip", "5-digit ZIP code"),
        ({"latitude": "41.5"}, "longitude", "Enter both latitude and longitude"),
    ],
)
def test_invalid_service_areas_are_refused_with_a_clear_message(
    admin_client, locator_page, overrides, field, fragment
):
    response = post(admin_client, locator_page, **overrides)
    assert response.status_code == 200
    assert not AffiliatePage.objects.exists()
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(fragment in message for message in errors[field]), errors[field]


def test_edit_form_shows_states_as_ticked_checkboxes(admin_client, make_affiliate):
    page = make_affiliate(title="Iowa", slug="iowa", service_states="NE;IA")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    ticked = sorted(box["value"] for box in soup.select('input[name="service_states"][checked]'))
    assert ticked == ["IA", "NE"]
    assert "One county per line" in response.content.decode()


def test_affiliate_listing_with_filters(admin_client, make_affiliate, django_assert_max_num_queries):
    make_affiliate(title="Komen Iowa", slug="iowa", service_states="IA")
    make_affiliate(
        title="Komen Quad Cities", slug="qc", city="Davenport", service_counties="Rock Island County, IL"
    )
    make_affiliate(
        title="Komen Colorado", slug="co", city="Denver", state="CO", zip="80202", service_states="CO"
    )
    url = reverse("affiliates:index")
    response = admin_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Komen Iowa" in content and "Komen Colorado" in content and "Davenport" in content
    by_office = admin_client.get(url, {"state": "CO"}).content.decode()
    assert "Komen Colorado" in by_office and "Komen Iowa" not in by_office
    serving_il = admin_client.get(url, {"serves": "IL"}).content.decode()
    assert "Komen Quad Cities" in serving_il and "Komen Iowa" not in serving_il
    bad = admin_client.get(url, {"serves": "ZZ", "state": "<script>"})
    assert bad.status_code == 200


def test_listing_needs_admin_access(client, django_user_model, locator_page):
    user = django_user_model.objects.create_user("visitor", password="a-long-password-1")
    client.force_login(user)
    response = client.get(reverse("affiliates:index"))
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/admin/login/" in response["Location"]
