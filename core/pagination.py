"""Listing pagination, written once for every listing page and view."""

from django.core.paginator import Paginator


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
