"""Reference points for `make bench`, mounted only when BENCH_ENDPOINTS is set."""

from django.http import HttpResponse
from wagtail.views import serve

STOCK_PAGE_SLUG = "bench-stock-wagtail-page"


def minimal(request):
    """The baseline: the smallest Django view, through the full middleware stack."""
    return HttpResponse(b"ok", content_type="text/plain")


def stock_wagtail_page(request):
    """A plain `wagtail.models.Page` served by Wagtail's own view with a welcome-page-sized
    template (`wagtailcore/page.html` below), like the site `wagtail start` makes."""
    return serve(request, STOCK_PAGE_SLUG + "/")
