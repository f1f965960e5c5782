"""Journey (issue 18, "Editors without a shell"): an editor imports the affiliates CSV from
the admin; a file with one bad row changes nothing, the fixed file is previewed and, once
confirmed, imported. axe on every state of the import page (the page's own content: the
Wagtail admin's chrome is Wagtail's)."""

import csv
import io

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from affiliates import imports
from affiliates.models import AffiliateImport, AffiliatePage
from demo.affiliates import DEMO_CSV
from tests.browser.axe import AXE_OPTIONS, _axe, describe
from tests.browser.conftest import watch_csp
from tests.browser.test_journeys import PASSWORD, load_demo, log_in_to_admin


def content_violations(page):
    return _axe.run(page, context=".nice-padding", options=AXE_OPTIONS).response["violations"]


def demo_csv(change=None, extra=()):
    """The demo affiliates CSV, with one row's fields changed and extra rows added."""
    rows = list(csv.DictReader(io.StringIO(DEMO_CSV.read_text(encoding="utf-8"))))
    header = list(rows[0])
    for row in rows:
        if change and row["slug"] == change[0]:
            row.update(change[1])
    rows += list(extra)
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8"), len(rows) + 1


NEW_ROW = {
    "slug": "komen-oregon",
    "name": "Komen Oregon",
    "phone": "(503) 555-0100",
    "email": "oregon@example.org",
    "website": "https://oregon.example.org",
    "street": "1 Main Street",
    "city": "Portland",
    "state": "OR",
    "zip": "97204",
    "latitude": "",
    "longitude": "",
    "states": "OR",
    "counties": "",
    "zips": "",
}


def test_editor_imports_a_csv_with_one_bad_row_and_nothing_changes_until_it_is_fixed(
    live_server, new_context, django_user_model
):
    load_demo("demo.resources", "demo.affiliates")
    base = live_server.url
    editor = django_user_model.objects.create_user("aed", "aed@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name="Affiliate editors"))
    iowa_phone = AffiliatePage.objects.get(slug="komen-iowa").phone
    failures = []

    page = new_context().new_page()
    csp = watch_csp(page)
    log_in_to_admin(page, base, "aed", PASSWORD)
    page.get_by_role("link", name="Import affiliates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import affiliates")
    failures.append(describe("upload form", content_violations(page)))

    # No file: a clear message, linked from the summary.
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a CSV file.")
    failures.append(describe("upload form, error state", content_violations(page)))

    bad, bad_line = demo_csv(("komen-iowa", {"phone": "(515) 555-0199"}), [NEW_ROW | {"zip": "9720"}])
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "affiliates.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="1 problem found: nothing has changed")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="9720")
    expect(row.get_by_role("cell").first).to_have_text(str(bad_line))
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    failures.append(describe("preview with an error", content_violations(page)))
    assert AffiliatePage.objects.get(slug="komen-iowa").phone == iowa_phone
    assert not AffiliatePage.objects.filter(slug="komen-oregon").exists()

    fixed, _ = demo_csv(("komen-iowa", {"phone": "(515) 555-0199"}), [NEW_ROW])
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "affiliates-fixed.csv", "mimeType": "text/csv", "buffer": fixed}]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check what this file would do")).to_be_visible()
    expect(page.locator(".import-summary")).to_contain_text("1 affiliate to add")
    expect(page.locator(".import-summary")).to_contain_text("1 affiliate to change")
    expect(page.get_by_role("row").filter(has_text="komen-iowa")).to_contain_text("“(515) 555-0199”")
    failures.append(describe("preview", content_violations(page)))
    assert AffiliatePage.objects.get(slug="komen-iowa").phone == iowa_phone  # still nothing

    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_text("The import is finished.")).to_be_visible()
    failures.append(describe("import finished", content_violations(page)))
    assert AffiliatePage.objects.get(slug="komen-iowa").phone == "(515) 555-0199"
    assert AffiliatePage.objects.get(slug="komen-oregon").live

    # A long import on the worker: the page follows its progress, then shows the result.
    record = imports.start("big.csv", fixed, user=editor)
    AffiliateImport.objects.filter(pk=record.pk).update(status=AffiliateImport.RUNNING)
    imports.set_progress(record.pk, 3, 12)
    page.goto(f"{base}/admin/affiliates/import/{record.token}/")
    expect(page.locator("[data-import-progress-text]")).to_contain_text("3 of 12 affiliate pages written.")
    failures.append(describe("import running", content_violations(page)))
    imports.set_progress(record.pk, 7, 12)
    expect(page.locator("[data-import-progress-text]")).to_contain_text("7 of 12 affiliate pages written.")
    AffiliateImport.objects.filter(pk=record.pk).update(status=AffiliateImport.DONE)
    expect(page.get_by_text("The import is finished.")).to_be_visible()

    assert not csp, f"the admin policy blocked something: {csp}"
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)
