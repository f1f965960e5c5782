"""Import affiliates from a CSV file: validate every row first, then change all or nothing.

The header is exactly `HEADER`. `states`, `counties` and `zips` are `;`-separated lists,
counties written "Polk County, IA"; latitude/longitude may be empty and then come from the
ZIP code. Rows create or update affiliate pages (by slug) under the locator page and publish
them; a row identical to the live page changes nothing, so re-importing a file is a no-op.
With `retire_missing`, live affiliates the file does not list are unpublished ("retired").

A dry run returns the plan (`ImportReport`) with a `fingerprint` of everything it would do;
applying with `expected_fingerprint` changes nothing unless the plan is still exactly that
one, so an admin's confirmation applies what was previewed or nothing (`stale`).
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator, validate_slug
from django.db import transaction
from wagtail.actions.unpublish_page import UnpublishPageAction

from affiliates import areas
from affiliates.models import AffiliateLocatorPage, AffiliatePage
from affiliates.zipdata import STATE_NAMES, get_index

HEADER = [
    "slug",
    "name",
    "phone",
    "email",
    "website",
    "street",
    "city",
    "state",
    "zip",
    "latitude",
    "longitude",
    "states",
    "counties",
    "zips",
]
# Page fields set from a row; anything else on the page (description, SEO) is left alone.
FIELDS = [
    "title",
    "phone",
    "email",
    "website",
    "street",
    "city",
    "state",
    "zip",
    "latitude",
    "longitude",
    "service_states",
    "service_counties",
    "service_zips",
]
# How the preview names the page fields: by their CSV column.
COLUMNS = dict(zip(FIELDS, ["name", *FIELDS[1:10], "states", "counties", "zips"], strict=True))
NOT_UTF8 = "the file is not UTF-8 text; save it as “CSV UTF-8”."
MAX_LENGTHS = {
    "slug": 255,
    "name": 255,
    "phone": 40,
    "email": 254,
    "website": 200,
    "street": 200,
    "city": 100,
}


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    retired: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    # {slug: [(column, old value, new value)]} for the updated rows.
    changes: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)  # {slug: CSV line}
    fingerprint: str = ""
    # Applying found a plan other than `expected_fingerprint`; nothing was changed.
    stale: bool = False

    @property
    def ok(self):
        return not self.errors

    @property
    def total_changes(self):
        return len(self.created) + len(self.updated) + len(self.retired)

    def as_dict(self):
        """JSON for storing a preview or a result (affiliates.imports)."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "retired": self.retired,
            "errors": [{"line": e.line, "message": e.message} for e in self.errors],
            "changes": self.changes,
            "lines": self.lines,
            "fingerprint": self.fingerprint,
        }


def _coordinate(text, name, limit, errors):
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(f"{name}: “{text}” is not a number.")
        return None
    if not value.is_finite() or not -limit <= value <= limit:
        errors.append(f"{name}: must be between -{limit} and {limit}.")
        return None
    return value.quantize(Decimal("0.000001"))


def clean_row(row):
    """(values for the page, list of error messages) for one CSV row."""
    errors = []
    text = {key: " ".join((row.get(key) or "").split()) for key in HEADER}
    for key, limit in MAX_LENGTHS.items():
        if len(text[key]) > limit:
            errors.append(f"{key}: use at most {limit} characters.")
    if not text["slug"]:
        errors.append("slug: required.")
    else:
        try:
            validate_slug(text["slug"])
        except ValidationError:
            errors.append(
                f"slug: “{text['slug']}” may contain only letters, numbers, hyphens and underscores."
            )
    for key in ("name", "city"):
        if not text[key]:
            errors.append(f"{key}: required.")
    if text["email"]:
        try:
            EmailValidator()(text["email"])
        except ValidationError:
            errors.append(f"email: “{text['email']}” is not an email address.")
    if text["website"]:
        try:
            URLValidator(schemes=["http", "https"])(text["website"])
        except ValidationError:
            errors.append(f"website: “{text['website']}” is not a web address starting with https://.")
    state = text["state"].upper()
    if state not in STATE_NAMES:
        errors.append(f"state: “{text['state']}” is not a US state or territory code (for example IA).")
    zip_error = areas.zip_error(text["zip"]) if text["zip"] else "required."
    if zip_error:
        errors.append(f"zip: {zip_error}")
    latitude = _coordinate(text["latitude"], "latitude", 90, errors)
    longitude = _coordinate(text["longitude"], "longitude", 180, errors)
    if bool(text["latitude"]) != bool(text["longitude"]):
        errors.append("latitude/longitude: give both, or leave both empty to use the ZIP code.")
    elif latitude is None and longitude is None and not zip_error:
        record = get_index().zip(text["zip"])
        if record.latitude is None:
            errors.append("latitude/longitude: we have no position for this ZIP code; give both.")
        else:
            latitude = Decimal(str(record.latitude)).quantize(Decimal("0.000001"))
            longitude = Decimal(str(record.longitude)).quantize(Decimal("0.000001"))

    states, state_errors = areas.parse_states(text["states"].replace(";", " "))
    counties, county_errors = areas.parse_counties(row.get("counties") or "")
    zips, zip_errors = areas.parse_zips(text["zips"])
    errors += [f"states: {e}" for e in state_errors]
    errors += [f"counties: {e}" for e in county_errors]
    errors += [f"zips: {e}" for e in zip_errors]
    values = {
        "title": text["name"],
        "phone": text["phone"],
        "email": text["email"],
        "website": text["website"],
        "street": text["street"],
        "city": text["city"],
        "state": state,
        "zip": text["zip"],
        "latitude": latitude,
        "longitude": longitude,
        "service_states": areas.format_states(states),
        "service_counties": areas.format_counties(counties),
        "service_zips": areas.format_zips(zips),
    }
    return text["slug"], values, errors


def read_rows(stream):
    """Parse the CSV. Returns ([(line, slug, values)], [RowError])."""
    rows, errors = [], []
    reader = csv.DictReader(stream)
    try:
        header = reader.fieldnames
    except csv.Error as error:
        return [], [RowError(1, f"this is not a readable CSV file ({error}).")]
    if header is None:
        return [], [RowError(1, "the file is empty; the first line must be the header.")]
    if [name.strip() for name in header] != HEADER:
        return [], [RowError(1, "the header must be exactly: " + ",".join(HEADER))]
    seen = {}
    line = 2
    try:
        for row in reader:
            if None in row:
                errors.append(RowError(line, f"has more than {len(HEADER)} columns."))
            elif any(value is None for value in row.values()):
                errors.append(RowError(line, f"has fewer than {len(HEADER)} columns."))
            elif not any((value or "").strip() for value in row.values()):
                pass  # a blank line in a spreadsheet export
            else:
                slug, values, messages = clean_row(row)
                errors += [RowError(line, message) for message in messages]
                if slug in seen:
                    errors.append(RowError(line, f"slug: “{slug}” is also used on line {seen[slug]}."))
                seen.setdefault(slug, line)
                rows.append((line, slug, values))
            line = reader.line_num + 1
    except csv.Error as error:
        errors.append(RowError(line, f"this line is not valid CSV ({error})."))
    if not rows and not errors:
        errors.append(RowError(2, "the file has a header but no affiliates."))
    return rows, errors


def _differs(page, values):
    return any(getattr(page, name) != value for name, value in values.items())


def _text(value):
    return "" if value is None else str(value)


def _fingerprint(report, values_by_slug):
    plan = {
        "created": [
            [slug, {k: _text(v) for k, v in values_by_slug[slug].items()}] for slug in report.created
        ],
        "updated": [[slug, report.changes[slug]] for slug in report.updated],
        "unchanged": report.unchanged,
        "retired": report.retired,
    }
    return hashlib.sha256(json.dumps(plan, sort_keys=True).encode()).hexdigest()


def import_affiliates(
    stream,
    *,
    dry_run=False,
    create_only=False,
    retire_missing=False,
    user=None,
    progress=None,
    expected_fingerprint=None,
):
    """Validate all rows, then (unless `dry_run` or any error) create/update and publish.

    `create_only` leaves existing pages alone (the demo loader uses it, so it never
    overwrites what editors changed). `retire_missing` unpublishes live affiliates the file
    does not list. `progress(done, total)` is called as pages are written. With
    `expected_fingerprint`, nothing is written unless the plan has that fingerprint.
    """
    report = ImportReport()
    rows, report.errors = read_rows(stream)
    locator = AffiliateLocatorPage.objects.first()
    if locator is None:
        report.errors.insert(
            0, RowError(1, "there is no locator page to put affiliates under; create it first.")
        )
    if report.errors:
        return report

    with transaction.atomic():
        if not dry_run:
            # One import at a time: the plan checked below is the plan applied.
            AffiliateLocatorPage.objects.select_for_update(of=("self",)).filter(pk=locator.pk).first()
        existing = {page.slug: page for page in AffiliatePage.objects.child_of(locator).order_by("path")}
        taken = set(
            locator.get_children()
            .exclude(pk__in=[p.pk for p in existing.values()])
            .values_list("slug", flat=True)
        )
        for line, slug, _values in rows:
            if slug in taken:
                report.errors.append(
                    RowError(line, f"slug: “{slug}” is already used by another page under the locator.")
                )
        if report.errors:
            return report

        plan = []
        for line, slug, values in rows:
            report.lines[slug] = line
            page = existing.get(slug)
            if page is None:
                report.created.append(slug)
                plan.append((page, slug, values))
            elif create_only or (page.live and not _differs(page, values)):
                report.unchanged.append(slug)
            else:
                report.updated.append(slug)
                report.changes[slug] = [
                    [COLUMNS[name], _text(getattr(page, name)), _text(value)]
                    for name, value in values.items()
                    if getattr(page, name) != value
                ]
                plan.append((page, slug, values))
        retiring = []
        if retire_missing and not create_only:
            listed = {slug for _line, slug, _values in rows}
            retiring = [page for slug, page in existing.items() if slug not in listed and page.live]
            report.retired = [page.slug for page in retiring]
        report.fingerprint = _fingerprint(report, {slug: values for _line, slug, values in rows})
        if expected_fingerprint is not None and expected_fingerprint != report.fingerprint:
            report.stale = True
            return report
        if dry_run:
            return report

        total, done = report.total_changes, 0
        for page, slug, values in plan:
            if page is None:
                page = AffiliatePage(slug=slug, **values)
                locator.add_child(instance=page)
            else:
                for name, value in values.items():
                    setattr(page, name, value)
            # Whoever may run the import may publish what it writes (the command has no user;
            # in the admin the `import_affiliates` permission was checked).
            page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
            done += 1
            if progress:
                progress(done, total)
        for page in retiring:
            UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)
            done += 1
            if progress:
                progress(done, total)
    return report


def decode(data):
    """The text of an uploaded CSV file (UTF-8, with or without the BOM spreadsheets add)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(NOT_UTF8) from None


def import_file(path, **kwargs):
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        content = decode(data)
    except ValueError as error:
        return ImportReport(errors=[RowError(1, str(error))])
    return import_affiliates(io.StringIO(content), **kwargs)
