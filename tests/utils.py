from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page


def count_queries(func, *args, **kwargs):
    """Run `func` and return (result, number of database queries it made)."""
    with CaptureQueriesContext(connection) as ctx:
        result = func(*args, **kwargs)
    return result, len(ctx.captured_queries)


def soup(response, status=200):
    """The response's HTML, parsed, after checking its status code (`status=None`: any)."""
    if status is not None:
        assert response.status_code == status, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def translate_page(page, title=None, locale="es", **fields):
    """Publish a translation of `page` (in `locale`, a language code or a Locale) with
    `title` (else the original's) and the given field values; returns the specific page."""
    if not isinstance(locale, Locale):
        locale = Locale.objects.get(language_code=locale)
    copy = page.copy_for_translation(locale)
    copy.title = title or page.title
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return Page.objects.get(pk=copy.pk).specific
