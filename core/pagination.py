"""Listing pagination, written once for every listing page and view."""

from django.core.paginator import Paginator
from django.http import QueryDict


def paginate(request, object_list, per_page, *, on_each_side=3, on_ends=2, last_by_default=False):
    """The page of `object_list` named by `?page=` and its elided page range.

    A missing, malformed or out-of-range page number gives the nearest valid page
    (`Paginator.get_page`), never an error. With `last_by_default` (a conversation: newest
    last) no page number, or `?page=last`, gives the last page. Returns (page_obj, elided_range)."""
    paginator = Paginator(object_list, per_page)
    asked = request.GET.get("page")
    if last_by_default and asked in (None, "", "last"):
        asked = paginator.num_pages
    page_obj = paginator.get_page(asked)
    elided = paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends)
    return page_obj, list(elided)


# Beyond this a page number cannot be a real page (and would overflow PostgreSQL's OFFSET).
MAX_PAGE = 10**9


def requested_page(raw):
    """The page number asked for (`?page=`'s value): 1 when missing or malformed, None when below
    1 or absurdly large (meaning: the last page, as `Paginator.get_page` does). For views that read
    a page ahead of the paginator (forums.listing, the moderation queue)."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    if number < 1 or number > MAX_PAGE:
        return None
    return number


def page_links(query_dict, page_obj, elided_range):
    """The links of a listing's pagination (includes/pagination.html), each href exactly what
    `{% querystring page=N %}` gives for the request's query (the other parameters kept, in
    their order), built once a page instead of once a link: a dict with `previous` and `next`
    (hrefs or "") and `items`, one per entry of `elided_range`: {"number", "href", "current",
    "ellipsis"}."""
    params = query_dict.copy()
    params["page"] = 1  # where `page` goes: its place if the query has it, else the end
    pairs = []
    for key, values in params.lists():
        one = QueryDict(mutable=True)
        one.setlist(key, values)
        pairs.append((key, one.urlencode()))
    at = [key for key, _ in pairs].index("page")
    before = "&".join(encoded for _, encoded in pairs[:at])
    after = "&".join(encoded for _, encoded in pairs[at + 1 :])

    def href(number):
        return "?" + "&".join(part for part in (before, f"page={number}", after) if part)

    ellipsis = page_obj.paginator.ELLIPSIS
    items = [
        {"number": number, "href": "", "current": False, "ellipsis": True}
        if number == ellipsis
        else {"number": number, "href": href(number), "current": number == page_obj.number, "ellipsis": False}
        for number in elided_range
    ]
    return {
        "previous": href(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next": href(page_obj.next_page_number()) if page_obj.has_next() else "",
        "items": items,
    }
