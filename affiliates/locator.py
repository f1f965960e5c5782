"""Find the Affiliates serving a place: resolve what people type, then match service areas.

Place resolution works offline from the ZIP data (`affiliates.zipdata`). Matching follows one
rule: a place is served by the affiliates whose most specific match is best, a ZIP match
beating a county match beating a state match; every affiliate at that best level is
returned. A city covering several ZIP codes is matched ZIP by ZIP and the results merged,
so a city split between two affiliates shows both. Besides those serving, up to five other
affiliates nearest the place are listed with their distance, which is also the fallback
when nothing serves it.

This module knows nothing about requests or templates: the page, the JSON API, the
import command and the benchmark all call it. A locate call makes a constant number of
queries however many affiliates exist (`MAX_QUERIES`).
"""

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Exists, F, FloatField, OuterRef, Q, Value
from django.db.models.functions import Cast, Length, Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.models import PageViewRestriction

from affiliates.zipdata import STATE_NAMES, county_key, get_index, haversine_miles, normalize_name, state_code
from core.text import clean_text

ZIP_INPUT = re.compile(r"^(\d{5})(?:[-\s]?(\d{4}))?$")
LOOKS_LIKE_ZIP = re.compile(r"^[\d\s-]+$")
MAX_TEXT_LENGTH = 100
# A point farther than this from every ZIP centre is not somewhere we can place.
MAX_POINT_MILES = 100
NEARBY_LIMIT = 5
MATCH_ORDER = {"zip": 0, "county": 1, "state": 2}
# Serving affiliates, then nearest others: whatever the number of affiliates.
MAX_QUERIES = 2


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


# Matching -------------------------------------------------------------------------------


@dataclass
class AffiliateMatch:
    affiliate: object
    match: str | None  # "zip", "county", "state", or None for a nearby affiliate
    distance_miles: float | None


@dataclass
class LocateResult:
    place: Place
    serving: list = field(default_factory=list)
    nearby: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.serving) + len(self.nearby)


def _serving(place, visible):
    """{affiliate: match level} for the affiliates serving `place`, in one query."""
    # Through the app registry: the page model calls this module, so importing it would be a cycle.
    ServiceArea = apps.get_model("affiliates", "ServiceArea")
    areas = ServiceArea.objects.filter(affiliate__in=visible.values("pk")).select_related("affiliate")
    if place.kind == "state":
        # Everyone serving any part of the state, labelled by the broadest way they serve it.
        levels, pages = {}, {}
        for area in areas.filter(state=place.state):
            pages.setdefault(area.affiliate_id, area.affiliate)
            levels[area.affiliate_id] = max(
                levels.get(area.affiliate_id, area.kind), area.kind, key=MATCH_ORDER.get
            )
        return {pages[pk]: level for pk, level in levels.items()}

    zips = {unit[0] for unit in place.units}
    counties = {unit[1] for unit in place.units}
    states = {unit[2] for unit in place.units}
    rows = areas.filter(
        Q(kind=ServiceArea.ZIP, key__in=zips)
        | Q(kind=ServiceArea.COUNTY, key__in=counties, state__in=states)
        | Q(kind=ServiceArea.STATE, key__in=states)
    )
    found, pages = defaultdict(set), {}
    for area in rows:
        pages.setdefault(area.affiliate_id, area.affiliate)
        lookup = (area.key, area.state) if area.kind == ServiceArea.COUNTY else area.key
        found[(area.kind, lookup)].add(area.affiliate_id)

    levels = {}
    for zip_code, county, state in place.units:
        for kind, lookup in (("zip", zip_code), ("county", (county, state)), ("state", state)):
            ids = found.get((kind, lookup))
            if ids:
                for affiliate_id in ids:
                    current = levels.get(affiliate_id, kind)
                    levels[affiliate_id] = min(current, kind, key=MATCH_ORDER.get)
                break
    return {pages[pk]: level for pk, level in levels.items()}


def _distance(origin, affiliate):
    if origin is None or affiliate.latitude is None or affiliate.longitude is None:
        return None
    miles = haversine_miles(origin[0], origin[1], float(affiliate.latitude), float(affiliate.longitude))
    return round(miles, 1)


def _nearest(visible, origin, exclude, limit):
    """The `limit` affiliates nearest `origin`, by a flat-earth estimate in SQL then exact distance."""
    lat, lng = origin
    scale = math.cos(math.radians(lat)) ** 2
    dlat = Cast(F("latitude"), FloatField()) - Value(lat)
    dlng = Cast(F("longitude"), FloatField()) - Value(lng)
    candidates = (
        visible.exclude(pk__in=exclude)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(rough=dlat * dlat + dlng * dlng * Value(scale))
        .order_by("rough", "title")[: limit + 5]
    )
    ranked = sorted(
        (AffiliateMatch(a, None, _distance(origin, a)) for a in candidates),
        key=lambda m: (m.distance_miles, m.affiliate.title),
    )
    return ranked[:limit]


def visible_affiliates():
    """Live affiliates outside private sections of the site.

    Like Wagtail's `.public()`, but as a subquery (a restriction on the page or any
    ancestor hides it) rather than a separate query for the restrictions first.
    """
    AffiliatePage = apps.get_model("affiliates", "AffiliatePage")
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return AffiliatePage.objects.live().exclude(Exists(restricted))


def locate(place, nearby_limit=NEARBY_LIMIT):
    """Affiliates serving `place` (best match first) and up to `nearby_limit` others nearest it."""
    visible = visible_affiliates()
    origin = place.point
    serving = [
        AffiliateMatch(affiliate, level, _distance(origin, affiliate))
        for affiliate, level in _serving(place, visible).items()
    ]
    serving.sort(
        key=lambda m: (
            MATCH_ORDER[m.match],
            m.distance_miles if m.distance_miles is not None else math.inf,
            m.affiliate.title,
        )
    )
    if origin is None and not serving:
        # Nothing serves a whole state: measure from its middle so we can still help.
        origin = get_index().state_centers.get(place.state)
    exclude = [m.affiliate.pk for m in serving]
    nearby = _nearest(visible, origin, exclude, nearby_limit) if origin and nearby_limit else []
    return LocateResult(place=place, serving=serving, nearby=nearby)
