"""Reference points for `make bench`, mounted only when BENCH_ENDPOINTS is set."""

from django.http import HttpResponse
from wagtail.views import serve

STOCK_PAGE_SLUG = "bench-stock-wagtail-page"


def minimal(request):
    """The baseline: the smallest Django view, through the full middleware stack."""
    return HttpResponse(b"ok", content_type="text/plain")


def stock_wagtail_page(request):
    """A plain `wagtail.models.Page` served by Wagtail's own view, with the template Wagtail
    itself ships for it (`wagtail/templates/wagtailcore/page.html`: a title and a heading, no
    template tags, 208 bytes). The baseline issue 15's goals were set against.

    (Until 2026-12-05 this docstring said the page used a `wagtail start`-sized template of
    this app's; that template was never used: this app comes after Wagtail in INSTALLED_APPS,
    so Wagtail's own template was found first. Every bench figure was measured against
    Wagtail's; the unused template is gone.)"""
    return serve(request, STOCK_PAGE_SLUG + "/")
