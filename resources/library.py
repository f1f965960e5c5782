"""Finding resources: filters and keyword search for the library page and site search.

Free of requests and templates; views parse input with `resources.forms.ResourceFilterForm`
and pass the resulting `Filters` here. The library page's model calls this module, so the
Resource model is looked up in the app registry rather than imported.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Case, IntegerField, Value, When

# A library holds hundreds of resources, not millions: ranking this many keeps every match
# reachable while bounding the work one search can cause.
MAX_SEARCH_MATCHES = 1000


@dataclass(frozen=True)
class Filters:
    query: str = ""
    resource_type: str = ""
    topic: str = ""
    audience: str = ""
    language: str = ""

    @property
    def active(self):
        return any([self.query, self.resource_type, self.topic, self.audience, self.language])


def filtered(filters):
    qs = apps.get_model("resources", "Resource").objects.available()
    if filters.resource_type:
        qs = qs.filter(resource_type=filters.resource_type)
    if filters.audience:
        qs = qs.filter(audience=filters.audience)
    if filters.language:
        qs = qs.filter(language=filters.language)
    if filters.topic:
        qs = qs.filter(topics__slug=filters.topic)
    return qs


def ranked_ids(query, limit=MAX_SEARCH_MATCHES):
    """Primary keys of resources matching `query`, best first (one query)."""
    Resource = apps.get_model("resources", "Resource")
    return [obj.pk for obj in Resource.objects.only("pk").search(query, operator="and")[:limit]]


def find(filters):
    """Resources matching `filters`, ordered for display (best match first when searching).

    Returns a queryset a Paginator can slice; each page loads its rows with their documents
    in one query and all their topics in one more.
    """
    qs = filtered(filters).for_listing()
    if not filters.query:
        return qs.order_by("title", "pk")
    ids = ranked_ids(filters.query)
    if not ids:
        return qs.none()
    rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField())
    return qs.filter(pk__in=ids).annotate(rank=rank).order_by("rank")


def site_search(query, limit=5, language=""):
    """(first `limit` matching resources, total number of matches) for the site search page;
    with `language`, only resources in that language (the visitor's)."""
    if not query:
        return [], 0
    results = find(Filters(query=query, language=language))
    total = results.count()
    return list(results[:limit]), total
