from django import template
from django.http import QueryDict

from core import pagination

register = template.Library()


@register.simple_tag(takes_context=True)
def page_links(context, page_obj, elided_range):
    """pagination.page_links() for a listing's page in this request."""
    request = context.get("request")
    query = request.GET if request is not None else QueryDict()
    return pagination.page_links(query, page_obj, elided_range or ())
