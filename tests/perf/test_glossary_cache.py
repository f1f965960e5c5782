"""Glossary markup lives in the revision-keyed StreamField cache (`cached_stream`), and
editing a glossary term purges it."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    GlossaryPageFactory,
    GlossaryTermFactory,
)


def render(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    term_queries = [q for q in ctx.captured_queries if 'FROM "pages_glossaryterm"' in q["sql"]]
    return response.content.decode(), len(term_queries)


@override_settings(PAGE_CACHE_WHOLE_PAGES=False)
def test_cached_body_keeps_the_definitions_and_a_term_edit_purges_it(
    client, page_cache, home, django_capture_on_commit_callbacks
):
    GlossaryPageFactory(parent=home)
    term = GlossaryTermFactory(term="Biopsy", definition="Taking a tissue sample.")
    article = ConditionArticlePageFactory(
        parent=ConditionIndexPageFactory(parent=home), body=[("paragraph", "<p>After the biopsy.</p>")]
    )
    html, reads = render(client, article.url)
    assert "Taking a tissue sample." in html and reads == 1
    # From the revision cache: the same markup, and no term read.
    html, reads = render(client, article.url)
    assert 'class="glossary-term"' in html and "Taking a tissue sample." in html and reads == 0

    with django_capture_on_commit_callbacks(execute=True):
        term.definition = "Removing a small piece of tissue to look at it."
        term.save()
    html, reads = render(client, article.url)
    assert "Removing a small piece of tissue" in html and reads == 1

    with django_capture_on_commit_callbacks(execute=True):
        term.delete()
    html, _ = render(client, article.url)
    assert 'class="glossary-term"' not in html
