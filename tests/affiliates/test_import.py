"""`manage.py import_affiliates FILE.csv [--dry-run]`: validate everything first, all or nothing."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from affiliates.importer import HEADER
from affiliates.models import AffiliatePage, ServiceArea

pytestmark = pytest.mark.django_db

IOWA = {
    "slug": "komen-iowa",
    "name": "Komen Iowa",
    "phone": "(515) 555-0142",
    "email": "iowa@example.org",
    "website": "https://iowa.example.org",
    "street": "1200 Grand Avenue",
    "city": "Des Moines",
    "state": "IA",
    "zip": "50309",
    "latitude": "41.5868",
    "longitude": "-93.6250",
    "states": "IA",
    "counties": "",
    "zips": "",
}
QUAD_CITIES = IOWA | {
    "slug": "komen-quad-cities",
    "name": "Komen Quad Cities",
    "city": "Davenport",
    "zip": "52801",
    "latitude": "",
    "longitude": "",
    "states": "",
    "counties": "Scott County, IA;rock island county, il",
    "zips": "",
}
MASSACHUSETTS = IOWA | {
    "slug": "komen-massachusetts",
    "name": "Komen Massachusetts",
    "city": "Boston",
    "state": "MA",
    "zip": "02108",
    "latitude": "",
    "longitude": "",
    "states": "MA",
    "zips": "03031;01001",
}


def write_csv(tmp_path, rows, header=HEADER, name="affiliates.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header] if isinstance(row, dict) else row)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_affiliates", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path, *args):
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_affiliates", str(path), *args, stdout=StringIO(), stderr=err)
    return str(error.value), err.getvalue()


def test_import_creates_and_publishes_pages(tmp_path, locator_page):
    out, _ = run(write_csv(tmp_path, [IOWA, QUAD_CITIES, MASSACHUSETTS]))
    assert "Created 3, updated 0, left 0 unchanged." in out
    pages = {p.slug: p for p in AffiliatePage.objects.child_of(locator_page).live()}
    assert set(pages) == {"komen-iowa", "komen-quad-cities", "komen-massachusetts"}
    qc = pages["komen-quad-cities"]
    assert qc.title == "Komen Quad Cities"
    assert qc.service_counties == "Scott County, IA\nRock Island County, IL"  # by state, then name
    # Latitude and longitude come from the ZIP when the row leaves them empty.
    assert (str(qc.latitude), str(qc.longitude)) == ("41.520800", "-90.574500")
    assert str(pages["komen-iowa"].latitude) == "41.586800"
    ma = pages["komen-massachusetts"]
    assert ma.zip == "02108" and ma.service_zips == "01001 03031"  # leading zeros kept
    assert ServiceArea.objects.filter(affiliate=ma, kind="zip").count() == 2
    assert all(p.latest_revision is not None and not p.has_unpublished_changes for p in pages.values())


def test_reimport_changes_nothing(tmp_path, locator_page):
    path = write_csv(tmp_path, [IOWA, QUAD_CITIES, MASSACHUSETTS])
    run(path)
    revisions = Revision.objects.count()
    areas = list(ServiceArea.objects.order_by("pk").values_list("pk", flat=True))
    out, _ = run(path)
    assert "Created 0, updated 0, left 3 unchanged." in out
    assert Revision.objects.count() == revisions
    assert list(ServiceArea.objects.order_by("pk").values_list("pk", flat=True)) == areas


def test_import_updates_changed_rows_only(tmp_path, locator_page):
    run(write_csv(tmp_path, [IOWA, QUAD_CITIES]))
    iowa = AffiliatePage.objects.get(slug="komen-iowa")
    iowa.description = "<p>Written by an editor.</p>"
    iowa.save_revision().publish()
    revisions = Revision.objects.count()
    out, _ = run(write_csv(tmp_path, [IOWA | {"phone": "(515) 555-0199", "zips": "51501"}, QUAD_CITIES]))
    assert "Created 0, updated 1, left 1 unchanged." in out
    assert Revision.objects.count() == revisions + 1
    iowa = AffiliatePage.objects.get(slug="komen-iowa")
    assert iowa.phone == "(515) 555-0199" and iowa.service_zips == "51501"
    assert iowa.description == "<p>Written by an editor.</p>"  # not in the CSV: left alone
    assert ServiceArea.objects.filter(affiliate=iowa, kind="zip", key="51501").exists()


def test_dry_run_changes_nothing(tmp_path, locator_page):
    path = write_csv(tmp_path, [IOWA, QUAD_CITIES])
    out, _ = run(path, "--dry-run")
    assert "Would create 2" in out and "Dry run: nothing was changed." in out
    assert not AffiliatePage.objects.exists()


def test_every_error_is_reported_with_its_line_and_nothing_changes(tmp_path, locator_page):
    run(write_csv(tmp_path, [IOWA]))
    revisions = Revision.objects.count()
    rows = [
        IOWA | {"phone": "(515) 555-0000"},  # valid: line 2
        QUAD_CITIES | {"zip": "2801", "counties": "Scott County, IA;Polk County, CT"},  # line 3
        MASSACHUSETTS | {"zips": "2108;50309-1234", "states": "MA;XX"},  # line 4
        IOWA | {"slug": "bad slug!", "email": "not-an-email", "website": "javascript:alert(1)"},  # line 5
        IOWA | {"slug": "komen-iowa", "name": ""},  # line 6: duplicate slug, missing name
        IOWA | {"slug": "geo", "latitude": "95", "longitude": ""},  # line 7
        IOWA | {"slug": "nowhere", "state": "ZZ", "zip": "00000", "latitude": "", "longitude": ""},  # line 8
    ]
    message, err = run_failing(write_csv(tmp_path, rows))
    assert "nothing was imported" in message
    lines = err.splitlines()
    expected = [
        "line 3: zip: “2801” is not a 5-digit ZIP code. If a spreadsheet dropped its leading zeros, write 02801.",
        "line 3: counties: “Polk County, CT”: there is no county called “Polk County” in Connecticut.",
        "line 4: states: “XX” is not a US state or territory code",
        "line 4: zips: “2108” is not a 5-digit ZIP code. If a spreadsheet dropped its leading zeros, write 02108.",
        "line 4: zips: “50309-1234” is a ZIP+4 code",
        "line 5: slug: “bad slug!” may contain only letters",
        "line 5: email: “not-an-email” is not an email address.",
        "line 5: website: “javascript:alert(1)” is not a web address",
        "line 6: name: required.",
        "line 6: slug: “komen-iowa” is also used on line 2.",
        "line 7: latitude: must be between -90 and 90.",
        "line 7: latitude/longitude: give both",
        "line 8: state: “ZZ” is not a US state",
        "line 8: zip: “00000” is not a US ZIP code.",
    ]
    for fragment in expected:
        assert any(fragment in line for line in lines), (fragment, err)
    assert all(line.startswith("affiliates.csv: line ") for line in lines)
    assert AffiliatePage.objects.get().phone == "(515) 555-0142"  # the valid row was not applied
    assert Revision.objects.count() == revisions


def test_line_numbers_count_quoted_newlines(tmp_path, locator_page):
    rows = [IOWA | {"counties": "Polk County, IA\nStory County, IA"}, QUAD_CITIES | {"zip": "1"}]
    _, err = run_failing(write_csv(tmp_path, rows))
    assert "line 4: zip:" in err


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "the file is empty"),
        ("slug,name\nx,y\n", "the header must be exactly"),
        (",".join(HEADER) + "\n", "no affiliates"),
        (",".join(HEADER) + "\na,b\n", "line 2: has fewer than 14 columns"),
        (",".join(HEADER) + "\n" + ",".join(["x"] * 15) + "\n", "line 2: has more than 14 columns"),
    ],
)
def test_malformed_files(tmp_path, locator_page, content, fragment):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    _, err = run_failing(path)
    assert fragment in err


def test_non_utf8_file(tmp_path, locator_page):
    path = tmp_path / "latin1.csv"
    path.write_bytes((",".join(HEADER) + "\nsanté,Café\n").encode("latin-1"))
    _, err = run_failing(path)
    assert "not UTF-8" in err


def test_utf8_bom_from_spreadsheets_is_accepted(tmp_path, locator_page):
    path = write_csv(tmp_path, [IOWA])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    out, _ = run(path)
    assert "Created 1" in out


def test_missing_file(tmp_path, locator_page):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_affiliates", str(tmp_path / "missing.csv"))


def test_needs_a_locator_page(tmp_path, home):
    _, err = run_failing(write_csv(tmp_path, [IOWA]))
    assert "no locator page" in err


def test_slug_taken_by_another_page_type(tmp_path, locator_page):
    # AffiliateLocatorPage only allows affiliates as children, so simulate a page moved there.
    from pages.models import StandardPage

    other = StandardPage(title="Other", slug="komen-iowa")
    locator_page.add_child(instance=other)
    _, err = run_failing(write_csv(tmp_path, [IOWA]))
    assert "line 2: slug: “komen-iowa” is already used by another page" in err


def test_demo_csv_imports_and_is_idempotent(home):
    from demo import affiliates as demo
    from demo import resources as resources_demo
    from demo.pages import ensure_home

    ensure_home(lambda message: None)
    resources_demo.load(lambda message: None)
    demo.load(lambda message: None)
    assert AffiliatePage.objects.live().count() == 11
    revisions = Revision.objects.count()
    demo.load(lambda message: None)
    assert Revision.objects.count() == revisions
    # The statewide Iowa affiliate gives way to the Quad Cities one in Scott County.
    from affiliates import locator

    assert [m.affiliate.slug for m in locator.locate(locator.resolve_zip("52801")).serving] == [
        "komen-quad-cities"
    ]
    assert [m.affiliate.slug for m in locator.locate(locator.resolve_zip("52001")).serving] == ["komen-iowa"]
    assert [m.affiliate.slug for m in locator.locate(locator.resolve_zip("02108")).serving] == [
        "komen-massachusetts"
    ]
    assert [m.affiliate.slug for m in locator.locate(locator.resolve_text("St Louis, MO")).serving] == [
        "komen-st-louis"
    ]
