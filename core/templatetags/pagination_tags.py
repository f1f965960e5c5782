from django import template
from django.http import QueryDict
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import pagination
from core.cache import fragment_store

register = template.Library()

NAV_TEMPLATE = "includes/pagination_nav.html"
NAV_PREFIX = "core:pagination:"


@register.simple_tag(takes_context=True)
def pagination_nav(context, page_obj, elided_range):
    """A listing's page navigation (includes/pagination.html): nothing for a single page, else
    NAV_TEMPLATE rendered from `page_links` alone, and kept in this process under a hash of
    everything it shows (the language, the request's query string, the page number, the number
    of pages and the elided range; fragment_store.local_once). Its links and labels were ~1,200
    function calls of every signed-in topic page (issue 15)."""
    paginator = getattr(page_obj, "paginator", None)  # a template may include this with no page
    if paginator is None or paginator.num_pages <= 1:
        return ""
    request = context.get("request")
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    numbers = tuple(elided_range or ())
    shown = tuple(number if isinstance(number, int) else None for number in numbers)  # None: "…"
    key = fragment_store.hashed_key(
        NAV_PREFIX, (get_language(), query, page_obj.number, paginator.num_pages, shown)
    )

    def render():
        links = pagination.page_links(request.GET if request is not None else QueryDict(), page_obj, numbers)
        return get_template(NAV_TEMPLATE).render({"links": links})

    return mark_safe(fragment_store.local_once(key, render))  # noqa: S308 (our template, autoescaped)
