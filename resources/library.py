"""The resources library in the site search. The filters and keyword search themselves are
table-level queries on `Resource.objects` (resources/models/library.py), which the library
page's model uses directly."""

from resources.filters import Filters
from resources.models import Resource


def site_search(query, limit=5, language=""):
    """(first `limit` matching resources, total number of matches) for the site search page;
    with `language`, only resources in that language (the visitor's)."""
    if not query:
        return [], 0
    results = Resource.objects.find(Filters(query=query, language=language))
    total = results.count()
    return list(results[:limit]), total
