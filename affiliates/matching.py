"""Which affiliates serve a `Place` (affiliates.places), and which others are nearest it.

One rule: a place is served by the affiliates whose most specific match is best, a ZIP match
beating a county match beating a state match; every affiliate at that best level is
returned. A city covering several ZIP codes is matched ZIP by ZIP and the results merged,
so a city split between two affiliates shows both. Besides those serving, up to five other
affiliates nearest the place are listed with their distance, which is also the fallback
when nothing serves it.

The caller passes the affiliate pages to search (`AffiliatePage.objects`): the locator page's
model calls this module, so it imports no model; the service areas are reached through the
pages' `service_areas` relation. A locate call makes `MAX_QUERIES` queries however many
affiliates exist.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, F, FloatField, OuterRef, Q, Value
from django.db.models.functions import Cast, Length, Substr
from wagtail.models import PageViewRestriction

from affiliates.places import Place
from affiliates.zipdata import get_index, haversine_miles

NEARBY_LIMIT = 5
MATCH_ORDER = {"zip": 0, "county": 1, "state": 2}
# Serving affiliates, then nearest others: whatever the number of affiliates.
MAX_QUERIES = 2


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
    """{affiliate: match level} for the affiliates serving `place`, in one query.

    One row per (affiliate, service area) that matches, the area's fields annotated on the
    affiliate (the annotations reuse the filter's join on `service_areas`)."""
    if place.kind == "state":
        areas = Q(service_areas__state=place.state)
    else:
        zips = {unit[0] for unit in place.units}
        counties = {unit[1] for unit in place.units}
        states = {unit[2] for unit in place.units}
        areas = (
            Q(service_areas__kind="zip", service_areas__key__in=zips)
            | Q(
                service_areas__kind="county", service_areas__key__in=counties, service_areas__state__in=states
            )
            | Q(service_areas__kind="state", service_areas__key__in=states)
        )
    rows = visible.filter(areas).annotate(
        area_kind=F("service_areas__kind"),
        area_key=F("service_areas__key"),
        area_state=F("service_areas__state"),
    )
    if place.kind == "state":
        # Everyone serving any part of the state, labelled by the broadest way they serve it.
        levels, pages = {}, {}
        for row in rows:
            pages.setdefault(row.pk, row)
            levels[row.pk] = max(levels.get(row.pk, row.area_kind), row.area_kind, key=MATCH_ORDER.get)
        return {pages[pk]: level for pk, level in levels.items()}

    found, pages = defaultdict(set), {}
    for row in rows:
        pages.setdefault(row.pk, row)
        lookup = (row.area_key, row.area_state) if row.area_kind == "county" else row.area_key
        found[(row.area_kind, lookup)].add(row.pk)

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


def _nearest(affiliates, origin, exclude, limit):
    """The `limit` affiliates nearest `origin`, by a flat-earth estimate in SQL then exact distance."""
    lat, lng = origin
    scale = math.cos(math.radians(lat)) ** 2
    dlat = Cast(F("latitude"), FloatField()) - Value(lat)
    dlng = Cast(F("longitude"), FloatField()) - Value(lng)
    candidates = (
        affiliates.exclude(pk__in=exclude)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(rough=dlat * dlat + dlng * dlng * Value(scale))
        .order_by("rough", "title")[: limit + 5]
    )
    ranked = sorted(
        (AffiliateMatch(a, None, _distance(origin, a)) for a in candidates),
        key=lambda m: (m.distance_miles, m.affiliate.title),
    )
    return ranked[:limit]


def visible(pages):
    """The live affiliates among `pages` outside private sections of the site.

    Like Wagtail's `.public()`, but as a subquery (a restriction on the page or any
    ancestor hides it) rather than a separate query for the restrictions first.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return pages.live().exclude(Exists(restricted))


def locate(place, pages, nearby_limit=NEARBY_LIMIT):
    """Affiliates among `pages` (visible ones only) serving `place`, best match first, and up
    to `nearby_limit` others nearest it."""
    affiliates = visible(pages)
    origin = place.point
    serving = [
        AffiliateMatch(affiliate, level, _distance(origin, affiliate))
        for affiliate, level in _serving(place, affiliates).items()
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
    nearby = _nearest(affiliates, origin, exclude, nearby_limit) if origin and nearby_limit else []
    return LocateResult(place=place, serving=serving, nearby=nearby)
