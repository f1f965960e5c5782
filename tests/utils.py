import threading

from bs4 import BeautifulSoup
from django.db import connection, transaction
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


def second_waits_for_first(first, second, first_then=None):
    """Run `first()` and `second()` in two transactions of their own threads, the second started
    while the first's is still open: asserts that the second waits (for a lock the first holds),
    then lets the first go on (`first_then()`, in the same transaction, if given), commit and
    both finish. Returns the exceptions either raised (a deadlock is one). Needs committed rows:
    `@pytest.mark.django_db(transaction=True, serialized_rollback=True)`."""
    first_done, go = threading.Event(), threading.Event()
    errors = []

    def run(write, hold):
        try:
            with transaction.atomic():
                write()
                if hold:
                    first_done.set()
                    go.wait(10)
                    if first_then is not None:
                        first_then()
        except Exception as error:  # noqa: BLE001 (returned to the test)
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(first, True)),
        threading.Thread(target=run, args=(second, False)),
    ]
    threads[0].start()
    assert first_done.wait(10)
    threads[1].start()
    threads[1].join(0.5)
    assert threads[1].is_alive(), "the second transaction did not wait for the first"
    go.set()
    for thread in threads:
        thread.join(10)
    return errors
