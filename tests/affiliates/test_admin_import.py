"""Importing the affiliates CSV from the Wagtail admin: dry run, confirm, progress (issue 18).

The same importer and contract as `manage.py import_affiliates` (test_import.py)."""

import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Revision

from affiliates import imports
from affiliates.models import AffiliateImport, AffiliatePage
from tests.affiliates.test_import import IOWA, MASSACHUSETTS, QUAD_CITIES, run, write_csv

pytestmark = pytest.mark.django_db

UPLOAD = reverse("affiliates_import")


def csv_bytes(tmp_path, rows, **kwargs):
    return write_csv(tmp_path, rows, **kwargs).read_bytes()


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("affiliate-editor", "ae@example.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name="Affiliate editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def upload(client, data, name="affiliates.csv", **fields):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, "text/csv"), **fields})


def preview_of(client, response):
    assert response.status_code == 302, response.content.decode()[:3000]
    record = AffiliateImport.objects.get(token=response.url.rstrip("/").rsplit("/", 1)[-1])
    page = client.get(response.url)
    assert page.status_code == 200
    return record, page.content.decode()


def confirm(client, record, django_capture_on_commit_callbacks, **overrides):
    data = {"sha256": record.sha256, "fingerprint": record.fingerprint} | overrides
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("affiliates_import_confirm", args=[record.token]), data)


def test_dry_run_lists_adds_changes_and_retirements_and_changes_nothing(
    tmp_path, locator_page, editor_client
):
    run(write_csv(tmp_path, [IOWA, MASSACHUSETTS], name="first.csv"))
    revisions = Revision.objects.count()
    data = csv_bytes(tmp_path, [IOWA | {"phone": "(515) 555-0199"}, QUAD_CITIES])
    record, body = preview_of(editor_client, upload(editor_client, data, retire_missing="on"))
    assert record.status == AffiliateImport.PREVIEWED
    assert record.sha256 == hashlib.sha256(data).hexdigest() and bytes(record.content) == data
    assert record.uploaded_by.username == "affiliate-editor"
    assert "1 affiliate to add" in body and "1 affiliate to change" in body
    assert "1 affiliate to retire (unpublish)" in body
    assert "phone: “(515) 555-0142” → “(515) 555-0199”" in body
    assert "komen-quad-cities" in body and "komen-massachusetts" in body
    assert "Confirm and import" in body
    assert Revision.objects.count() == revisions
    assert not AffiliatePage.objects.filter(slug="komen-quad-cities").exists()
    assert AffiliatePage.objects.get(slug="komen-iowa").phone == "(515) 555-0142"


def test_confirm_applies_what_was_previewed(
    tmp_path, locator_page, editor_client, django_capture_on_commit_callbacks
):
    run(write_csv(tmp_path, [IOWA, MASSACHUSETTS], name="first.csv"))
    data = csv_bytes(tmp_path, [IOWA | {"phone": "(515) 555-0199"}, QUAD_CITIES])
    record, _ = preview_of(editor_client, upload(editor_client, data, retire_missing="on"))
    response = confirm(editor_client, record, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == reverse(
        "affiliates_import_detail", args=[record.token]
    )
    record.refresh_from_db()
    assert record.status == AffiliateImport.DONE
    pages = {p.slug: p for p in AffiliatePage.objects.all()}
    assert pages["komen-iowa"].phone == "(515) 555-0199" and pages["komen-iowa"].live
    assert pages["komen-quad-cities"].live
    assert not pages["komen-massachusetts"].live  # retired: unpublished, not deleted
    assert pages["komen-quad-cities"].latest_revision.user.username == "affiliate-editor"
    body = editor_client.get(response.url).content.decode()
    assert "The import is finished." in body
    progress = editor_client.get(reverse("affiliates_import_progress", args=[record.token])).json()
    assert progress | {"url": None} == {
        "status": "done",
        "done": 3,
        "total": 3,
        "percent": 100,
        "label": "3 of 3 affiliate pages written.",
        "url": None,
    }
    # Confirming again (a double click, the back button) imports nothing twice.
    revisions = Revision.objects.count()
    response = confirm(editor_client, record, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and Revision.objects.count() == revisions


def test_a_bad_row_is_reported_with_its_line_and_cannot_be_confirmed(
    tmp_path, locator_page, editor_client, django_capture_on_commit_callbacks
):
    data = csv_bytes(tmp_path, [IOWA, QUAD_CITIES | {"zip": "2801"}, MASSACHUSETTS])
    record, body = preview_of(editor_client, upload(editor_client, data))
    assert record.status == AffiliateImport.INVALID
    assert "1 problem found: nothing has changed" in body
    assert re.search(
        r"<td>3</td>\s*<td>–</td>\s*<td><strong>Error:</strong> zip: “2801” is not a 5-digit", body
    )
    assert "Confirm and import" not in body and "Upload the corrected file" in body
    confirm(editor_client, record, django_capture_on_commit_callbacks)
    assert not AffiliatePage.objects.exists()
    # The fixed file goes through.
    fixed = csv_bytes(tmp_path, [IOWA, QUAD_CITIES, MASSACHUSETTS])
    record, body = preview_of(editor_client, upload(editor_client, fixed))
    assert "3 affiliates to add" in body
    confirm(editor_client, record, django_capture_on_commit_callbacks)
    assert AffiliatePage.objects.live().count() == 3


def test_affiliates_changed_since_the_dry_run_gives_a_fresh_preview(
    tmp_path, locator_page, editor_client, django_capture_on_commit_callbacks
):
    run(write_csv(tmp_path, [IOWA], name="first.csv"))
    data = csv_bytes(tmp_path, [IOWA | {"phone": "(515) 555-0199"}, QUAD_CITIES])
    record, _ = preview_of(editor_client, upload(editor_client, data))
    # Meanwhile someone else changes the phone number the preview showed as the old value.
    iowa = AffiliatePage.objects.get(slug="komen-iowa")
    iowa.phone = "(515) 555-0111"
    iowa.save_revision().publish()
    revisions = Revision.objects.count()
    response = confirm(editor_client, record, django_capture_on_commit_callbacks)
    assert Revision.objects.count() == revisions
    assert not AffiliatePage.objects.filter(slug="komen-quad-cities").exists()
    body = editor_client.get(response.url).content.decode()
    assert "The affiliates changed since this file was checked" in body
    assert "phone: “(515) 555-0111” → “(515) 555-0199”" in body
    old_fingerprint = record.fingerprint
    record.refresh_from_db()
    assert record.status == AffiliateImport.PREVIEWED and record.fingerprint != old_fingerprint
    # A stale form (the old fingerprint) still changes nothing...
    confirm(editor_client, record, django_capture_on_commit_callbacks, fingerprint=old_fingerprint)
    assert Revision.objects.count() == revisions
    # ...the fresh preview's confirmation imports.
    record.refresh_from_db()
    confirm(editor_client, record, django_capture_on_commit_callbacks)
    assert AffiliatePage.objects.get(slug="komen-iowa").phone == "(515) 555-0199"


def test_the_task_writes_nothing_if_the_plan_moved_after_confirmation(tmp_path, locator_page, editor):
    """Between the confirmation and the worker starting, the affiliates can still change."""
    run(write_csv(tmp_path, [IOWA], name="first.csv"))
    record = imports.start("a.csv", csv_bytes(tmp_path, [IOWA | {"phone": "(515) 555-0199"}]), user=editor)
    AffiliateImport.objects.filter(pk=record.pk).update(status=AffiliateImport.QUEUED)
    iowa = AffiliatePage.objects.get(slug="komen-iowa")
    iowa.phone = "(515) 555-0111"
    iowa.save_revision().publish()
    assert imports.apply_affiliate_import.call(record.pk) == "refreshed"
    assert AffiliatePage.objects.get(slug="komen-iowa").phone == "(515) 555-0111"
    record.refresh_from_db()
    assert record.status == AffiliateImport.PREVIEWED and record.refreshed


def test_the_task_runs_once_per_confirmation_and_again_after_its_worker_died(tmp_path, locator_page, editor):
    record = imports.start("a.csv", csv_bytes(tmp_path, [IOWA]), user=editor)
    assert imports.apply_affiliate_import.call(record.pk) == "not queued"  # never confirmed
    assert not AffiliatePage.objects.exists()
    # Left RUNNING by a killed worker, whose transaction was rolled back; the task is re-queued.
    AffiliateImport.objects.filter(pk=record.pk).update(status=AffiliateImport.RUNNING)
    assert imports.apply_affiliate_import.call(record.pk) == "done"
    assert AffiliatePage.objects.get().live
    revisions = Revision.objects.count()
    assert imports.apply_affiliate_import.call(record.pk) == "not queued"
    assert Revision.objects.count() == revisions


def test_a_stored_file_that_changed_is_not_imported(
    tmp_path, locator_page, editor_client, django_capture_on_commit_callbacks
):
    record, _ = preview_of(editor_client, upload(editor_client, csv_bytes(tmp_path, [IOWA])))
    AffiliateImport.objects.filter(pk=record.pk).update(content=csv_bytes(tmp_path, [QUAD_CITIES]))
    response = confirm(editor_client, record, django_capture_on_commit_callbacks)
    assert response.url == UPLOAD
    assert "This is not the file that was checked" in editor_client.get(UPLOAD).content.decode()
    assert not AffiliatePage.objects.exists()
    # A confirmation naming another file's hash is refused too.
    record, _ = preview_of(editor_client, upload(editor_client, csv_bytes(tmp_path, [IOWA])))
    confirm(editor_client, record, django_capture_on_commit_callbacks, sha256="0" * 64)
    assert not AffiliatePage.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV file."),
        ("affiliates.csv", b"slug,name\x00\x00\x01\x02", "This is not a CSV file."),
        ("affiliates.csv", "slug,name\nsanté,Café\n".encode("latin-1"), "The file is not UTF-8 text."),
        ("affiliates.csv", b"", "The file is empty"),
    ],
)
def test_files_that_are_not_utf8_csv_are_refused_clearly(locator_page, editor_client, name, data, message):
    response = upload(editor_client, data, name=name)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "There is a problem with the file" in body
    assert not AffiliateImport.objects.exists()


def test_a_huge_file_is_refused(tmp_path, locator_page, editor_client, settings):
    settings.AFFILIATE_IMPORT_MAX_BYTES = 1_000_000
    response = upload(editor_client, b"x" * 1_200_001)
    assert response.status_code == 400
    assert "The file is 1.2 MB; the largest file accepted is 1 MB." in response.content.decode()


def test_missing_columns_are_an_error_on_line_1(locator_page, editor_client):
    record, body = preview_of(
        editor_client, upload(editor_client, b"slug,name,phone\nkomen-iowa,Komen Iowa,\n")
    )
    assert record.status == AffiliateImport.INVALID
    assert "the header must be exactly: slug,name,phone,email" in body
    assert re.search(r"<td>1</td>", body)


def test_no_file_chosen(locator_page, editor_client):
    response = editor_client.post(UPLOAD, {})
    assert response.status_code == 400 and "Choose a CSV file." in response.content.decode()


def test_csv_content_is_escaped(tmp_path, locator_page, editor_client):
    data = csv_bytes(tmp_path, [IOWA | {"slug": "<script>alert(1)</script>"}])
    _, body = preview_of(editor_client, upload(editor_client, data))
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_only_people_with_the_import_permission_get_in(tmp_path, locator_page, client, editor):
    record = imports.start("a.csv", csv_bytes(tmp_path, [IOWA]), user=editor)
    urls = [
        UPLOAD,
        reverse("affiliates_import_detail", args=[record.token]),
        reverse("affiliates_import_progress", args=[record.token]),
    ]
    plain_editor = get_user_model().objects.create_user("plain", "p@example.org", "pw")
    plain_editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(plain_editor)
    for url in urls:
        assert client.get(url).status_code == 403, url
    confirm_url = reverse("affiliates_import_confirm", args=[record.token])
    assert (
        client.post(confirm_url, {"sha256": record.sha256, "fingerprint": record.fingerprint}).status_code
        == 403
    )
    assert upload(client, csv_bytes(tmp_path, [IOWA])).status_code == 403
    assert "Import affiliates" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert not AffiliatePage.objects.exists()
    client.logout()
    assert client.get(UPLOAD).status_code == 302  # to the admin login
    client.force_login(editor)
    assert "Import affiliates" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_unknown_token_is_a_404_and_confirm_needs_post(locator_page, editor_client):
    assert editor_client.get(reverse("affiliates_import_detail", args=["nope"])).status_code == 404
    assert editor_client.post(reverse("affiliates_import_confirm", args=["nope"])).status_code == 404
    record = imports.start("a.csv", b"slug\n")
    assert editor_client.get(reverse("affiliates_import_confirm", args=[record.token])).status_code == 405


def test_running_import_shows_progress_and_polls_with_a_static_script(tmp_path, locator_page, editor_client):
    record = imports.start("a.csv", csv_bytes(tmp_path, [IOWA, QUAD_CITIES]))
    AffiliateImport.objects.filter(pk=record.pk).update(status=AffiliateImport.RUNNING)
    imports.set_progress(record.pk, 1, 2)
    body = editor_client.get(reverse("affiliates_import_detail", args=[record.token])).content.decode()
    assert '<progress id="import-progress" max="2" value="1">50%</progress>' in body
    assert "1 of 2 affiliate pages written." in body
    assert "affiliates/import-progress.js" in body
    assert "Refresh to see how far it got" in body  # without JavaScript
    # No inline script (strict CSP); Wagtail's own JSON data blocks are not scripts.
    assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>\s*\S", body)
    progress = editor_client.get(reverse("affiliates_import_progress", args=[record.token]))
    assert "no-store" in progress["Cache-Control"]
    assert progress.json()["status"] == "running" and progress.json()["percent"] == 50


def test_preview_pages_are_paginated_with_constant_queries(
    tmp_path, locator_page, editor_client, django_assert_max_num_queries
):
    rows = [IOWA | {"slug": f"komen-{n}", "name": f"Komen {n}"} for n in range(150)]
    record, _ = preview_of(editor_client, upload(editor_client, csv_bytes(tmp_path, rows)))
    url = reverse("affiliates_import_detail", args=[record.token])
    with django_assert_max_num_queries(15):
        body = editor_client.get(url).content.decode()
    assert "komen-99" in body and "komen-100" not in body
    with django_assert_max_num_queries(15):
        body = editor_client.get(url + "?page=2").content.decode()
    assert "komen-149" in body and "komen-99<" not in body
    assert editor_client.get(url + "?page=oops").status_code == 200


def test_command_prints_progress_and_can_retire(tmp_path, locator_page):
    run(write_csv(tmp_path, [IOWA, QUAD_CITIES, MASSACHUSETTS], name="first.csv"))
    out, _ = run(write_csv(tmp_path, [IOWA | {"phone": "(515) 555-0199"}]), "--retire-missing")
    assert "Created 0, updated 1, left 0 unchanged. Retired 2." in out
    assert "Progress: 3/3 pages written (100%)." in out
    assert "  retired: komen-quad-cities" in out
    assert list(AffiliatePage.objects.live().values_list("slug", flat=True)) == ["komen-iowa"]
