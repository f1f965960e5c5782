"""Cleaning what visitors type before it reaches a query or the database."""

from django.conf import settings


def clean_text(value):
    """`value` as one line: whitespace runs collapsed, NUL characters (which PostgreSQL cannot
    store) removed. `None` gives an empty string."""
    return " ".join(str(value or "").replace("\x00", "").split())


def clean_query(raw, max_length=None):
    """A search query cleaned by `clean_text` and cut to `max_length` characters
    (default `SEARCH_QUERY_MAX_LENGTH`). Returns (query, was_truncated)."""
    limit = settings.SEARCH_QUERY_MAX_LENGTH if max_length is None else max_length
    query = clean_text(raw)
    return query[:limit], len(query) > limit
