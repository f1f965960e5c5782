"""The 'Cite source' chooser can add a source without leaving the page being edited."""

import json

from django.contrib.auth.models import Permission

from pages.models import Source

CREATE_URL = "/admin/snippets/choose/pages/source/create/"
VALID = {
    "title": "Cancer Stat Facts: Female Breast Cancer",
    "authors": "",
    "publisher": "National Cancer Institute",
    "year": "2024",
    "details": "",
    "url": "https://seer.cancer.gov/statfacts/html/breast.html",
    "doi": "",
    "accessed": "",
}


def test_chooser_offers_a_creation_form(admin_client, db):
    response = admin_client.get("/admin/snippets/choose/pages/source/")
    assert response.status_code == 200
    html = json.loads(response.content)["html"]
    assert "Add a new source" in html and f'action="{CREATE_URL}"' in html
    assert 'name="publisher"' in html and 'name="doi"' in html


def test_creating_a_source_in_the_chooser_chooses_it(admin_client, db):
    response = admin_client.post(CREATE_URL, VALID)
    assert response.status_code == 200
    data = json.loads(response.content)
    source = Source.objects.get()
    assert data["step"] == "chosen"
    assert data["result"]["id"] == str(source.pk) or data["result"]["id"] == source.pk
    assert "Cancer Stat Facts" in data["result"]["string"]


def test_bad_source_is_shown_again_with_the_error_and_what_was_typed(admin_client, db):
    response = admin_client.post(CREATE_URL, {**VALID, "doi": "not-a-doi", "title": "<script>x</script>"})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["step"] == "reshow_creation_form"
    assert "Enter a DOI like" in data["htmlFragment"]
    assert (
        "&lt;script&gt;x&lt;/script&gt;" in data["htmlFragment"] and "<script>x" not in data["htmlFragment"]
    )
    assert not Source.objects.exists()


def test_users_who_cannot_add_sources_cannot_create_them_in_the_chooser(client, django_user_model, db):
    user = django_user_model.objects.create_user("viewer", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="pages", codename="view_source"),
    )
    client.force_login(user)
    # Wagtail answers a denied admin action with a redirect to the dashboard and a message.
    response = client.post(CREATE_URL, VALID)
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    assert not Source.objects.exists()
