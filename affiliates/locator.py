"""Find the Affiliates serving a place: what the locator page, the JSON API, the import
command and the benchmark call.

Two request-free halves: `affiliates.places` resolves what people type into a `Place`
(`resolve_zip`, `resolve_city`, `resolve_point`, `resolve_state`, `resolve_text`,
`resolve_params`, raising `LocatorError`), and `affiliates.matching` finds who serves it
among the affiliate pages it is given. Here `locate(place)` searches every visible
`AffiliatePage` within `MAX_QUERIES` queries. The page models do not import this module
(the locator page calls `affiliates.matching` with its model), so it may import them.
"""

from affiliates import matching
from affiliates.matching import MATCH_ORDER, MAX_QUERIES, NEARBY_LIMIT, AffiliateMatch, LocateResult
from affiliates.models import AffiliatePage
from affiliates.places import (
    LocatorError,
    Place,
    resolve_city,
    resolve_params,
    resolve_point,
    resolve_state,
    resolve_text,
    resolve_zip,
)

__all__ = [
    "MATCH_ORDER",
    "MAX_QUERIES",
    "NEARBY_LIMIT",
    "AffiliateMatch",
    "LocateResult",
    "LocatorError",
    "Place",
    "locate",
    "resolve_city",
    "resolve_params",
    "resolve_point",
    "resolve_state",
    "resolve_text",
    "resolve_zip",
    "visible_affiliates",
]


def visible_affiliates():
    """Live affiliates outside private sections of the site."""
    return matching.visible(AffiliatePage.objects.all())


def locate(place, nearby_limit=NEARBY_LIMIT):
    """Affiliates serving `place` (best match first) and up to `nearby_limit` others nearest it."""
    return matching.locate(place, AffiliatePage.objects.all(), nearby_limit)
