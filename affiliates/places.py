"""Where someone is: what people type in the locator (a ZIP, a city and state, a point, a
state) resolved to a `Place`, offline from the ZIP data (`affiliates.zipdata`).

Free of models, requests and templates: the locator form (`affiliates.forms`), the JSON API
and the import command use it, and `affiliates.matching` takes its `Place`. Bad input raises
`LocatorError` with a code, a message and the HTTP status it deserves; no query is made.
"""

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from affiliates.zipdata import STATE_NAMES, county_key, get_index, normalize_name, state_code
from core.text import clean_text

ZIP_INPUT = re.compile(r"^(\d{5})(?:[-\s]?(\d{4}))?$")
LOOKS_LIKE_ZIP = re.compile(r"^[\d\s-]+$")
MAX_TEXT_LENGTH = 100
# A point farther than this from every ZIP centre is not somewhere we can place.
MAX_POINT_MILES = 100


class LocatorError(Exception):
    """Input we cannot use: `status` 400 for malformed input, 404 for a place that does not exist."""

    def __init__(self, code, message, status=400, field=None):
        super().__init__(message)
        self.code, self.message, self.status, self.field = code, message, status, field


@dataclass
class Place:
    kind: str  # "zip", "city", "point" or "state"
    state: str
    zip: str | None = None
    city: str | None = None
    county: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    # Every (zip, normalised county, state) the place covers; empty for a whole state.
    units: tuple = ()

    @property
    def state_name(self):
        return STATE_NAMES.get(self.state, self.state)

    @property
    def label(self):
        if self.kind == "state":
            return self.state_name
        text = f"{self.city}, {self.state}" if self.city else self.state_name
        return f"{text} {self.zip}" if self.zip and self.kind == "zip" else text

    @property
    def point(self):
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)

    def as_location(self):
        if self.kind == "state":
            return {
                "zip": None,
                "city": None,
                "state": self.state,
                "county": None,
                "latitude": None,
                "longitude": None,
            }
        return {
            "zip": self.zip,
            "city": self.city,
            "state": self.state,
            "county": self.county,
            "latitude": self.latitude,
            "longitude": self.longitude,
        }


def _place_from_record(record, kind, latitude=None, longitude=None):
    return Place(
        kind=kind,
        state=record.state,
        zip=record.zip,
        city=record.city,
        county=record.county or None,
        latitude=record.latitude if latitude is None else latitude,
        longitude=record.longitude if longitude is None else longitude,
        units=((record.zip, county_key(record.county, record.state)[0], record.state),),
    )


# Input names quoted in error messages, translated when the message is made.
FIELD_NAMES = [
    gettext_noop("zip"),
    gettext_noop("state"),
    gettext_noop("city"),
    gettext_noop("coordinates"),
    gettext_noop("query"),
    gettext_noop("Latitude"),
    gettext_noop("Longitude"),
]


def _clean_text(value, name):
    # A control character (NUL, tab, newline, DEL, C1) is never part of a ZIP, city or state:
    # dropping it would answer for input nobody typed (5030<NUL>9 is not 50309).
    if any(unicodedata.category(char) == "Cc" for char in str(value or "")):
        raise LocatorError(
            f"invalid_{name}",
            _("The %(name)s contains control characters: send plain text only.") % {"name": _(name)},
        )
    text = clean_text(value)
    if len(text) > MAX_TEXT_LENGTH:
        raise LocatorError(
            f"invalid_{name}",
            _("The %(name)s is too long: use at most %(max)d characters.")
            % {"name": _(name), "max": MAX_TEXT_LENGTH},
        )
    return text


# Place resolution ------------------------------------------------------------------------


def resolve_zip(value):
    text = _clean_text(value, "zip")
    match = ZIP_INPUT.match(text)
    if not match:
        raise LocatorError(
            "invalid_zip",
            _("Enter a 5-digit ZIP code such as 50309, or a ZIP+4 such as 50309-1234."),
            field="zip",
        )
    record = get_index().zip(match.group(1))
    if record is None:
        raise LocatorError(
            "zip_not_found",
            _("We could not find the ZIP code %(zip)s. Check it, or search by city and state.")
            % {"zip": match.group(1)},
            status=404,
            field="zip",
        )
    return _place_from_record(record, "zip")


def _state_or_error(value):
    text = _clean_text(value, "state")
    if not text:
        raise LocatorError(
            "missing_state",
            _("Add the state, for example “Springfield, IL”, or choose a state from the list."),
            field="state",
        )
    code = state_code(text)
    if code is None:
        raise LocatorError(
            "invalid_state",
            _("“%(text)s” is not a US state. Use a two-letter code such as IA, or the state’s name.")
            % {"text": text},
            field="state",
        )
    return code


def resolve_city(city, state):
    name = _clean_text(city, "city")
    if not normalize_name(name):
        raise LocatorError(
            "invalid_city", _("Enter the name of a city, for example Des Moines."), field="city"
        )
    code = _state_or_error(state)
    records = get_index().city(name, code)
    if not records:
        raise LocatorError(
            "city_not_found",
            _("We could not find “%(city)s” in %(state)s. Check the spelling, or search by ZIP code.")
            % {"city": name, "state": STATE_NAMES[code]},
            status=404,
            field="city",
        )
    # A few PO-box ZIPs have no county; matching them alone would let a whole-state
    # affiliate claim part of a city whose counties are all served by someone else.
    records = [r for r in records if r.county] or records
    wanted = normalize_name(name)
    names = Counter(r.city for r in records)
    exact = [n for n in names if normalize_name(n) == wanted]
    counties = {r.county for r in records if r.county}
    located = [r for r in records if r.latitude is not None]
    zips = sorted({r.zip for r in records})
    return Place(
        kind="city",
        state=code,
        zip=zips[0] if len(zips) == 1 else None,
        city=(exact or [names.most_common(1)[0][0]])[0],
        county=counties.pop() if len(counties) == 1 else None,
        latitude=round(sum(r.latitude for r in located) / len(located), 4) if located else None,
        longitude=round(sum(r.longitude for r in located) / len(located), 4) if located else None,
        units=tuple(sorted({(r.zip, county_key(r.county, r.state)[0], r.state) for r in records})),
    )


def _coordinate(value, name, limit):
    text = _clean_text(value, "coordinates")
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise LocatorError(
            "invalid_coordinates",
            _("%(name)s must be a number between -%(limit)s and %(limit)s.")
            % {"name": _(name), "limit": limit},
        )
    return number


def resolve_point(lat, lng):
    if not str(lat or "").strip() or not str(lng or "").strip():
        raise LocatorError("invalid_coordinates", _("Send both a latitude (lat) and a longitude (lng)."))
    latitude = _coordinate(lat, "Latitude", 90)
    longitude = _coordinate(lng, "Longitude", 180)
    record = get_index().nearest(latitude, longitude, MAX_POINT_MILES)
    if record is None:
        raise LocatorError(
            "location_not_found",
            _(
                "That location is not in the United States as far as our ZIP code data knows. "
                "Search by ZIP code or city instead."
            ),
            status=404,
        )
    return _place_from_record(record, "point", latitude=latitude, longitude=longitude)


def resolve_state(value):
    return Place(kind="state", state=_state_or_error(value))


def _split_city_state(text):
    """'Des Moines, IA' / 'Des Moines IA' / 'Des Moines, Iowa' → ('Des Moines', 'IA'), else (text, None)."""
    if "," in text:
        city, _, state = text.rpartition(",")
        return city.strip(), state.strip()
    words = text.split()
    for size in (1, 2, 3):
        if len(words) > size and state_code(" ".join(words[-size:])):
            return " ".join(words[:-size]), " ".join(words[-size:])
    return text, None


def resolve_text(query, state=None):
    """What someone typed in the locator box: a ZIP, or a city with its state."""
    text = _clean_text(query, "query")
    if LOOKS_LIKE_ZIP.match(text):
        return resolve_zip(text)
    if not state and "," not in text and state_code(text):
        return resolve_state(text)  # just "Iowa" or "IA"
    city, typed_state = _split_city_state(text)
    return resolve_city(city, typed_state or state)


def resolve_params(params):
    """The JSON API's parameters, in order of precedence: zip, lat/lng, city (+ state), state."""

    def get(name):
        return str(params.get(name) or "").strip()

    if get("zip"):
        return resolve_zip(get("zip"))
    if get("lat") or get("lng"):
        return resolve_point(get("lat"), get("lng"))
    if get("city"):
        return resolve_city(get("city"), get("state"))
    if get("state"):
        return resolve_state(get("state"))
    raise LocatorError(
        "missing_parameter",
        _("Send one of: zip; city and state; lat and lng; or state. For example ?zip=50309."),
    )
