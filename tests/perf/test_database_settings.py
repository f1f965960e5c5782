"""The site's PostgreSQL connections run without JIT compilation: PostgreSQL compiles any query
whose estimated cost passes `jit_above_cost`, which on a web request costs seconds of compiling
for milliseconds of work (the moderation queue: 3.6 s of compiling for a 50 ms query). They
price an index lookup for data in memory or on SSD, and prepare repeated statements."""

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_connections_turn_jit_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_connections_price_index_lookups_for_memory_and_ssd():
    """random_page_cost 1.1 (DB_RANDOM_PAGE_COST): PostgreSQL's default of 4.0 made the queue's
    page of 20 posts hash its whole topics table instead of looking 20 topics up."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == float(os.environ.get("DB_RANDOM_PAGE_COST", "1.1"))


def test_repeated_statements_are_prepared_once_per_connection():
    """Server-side binding (`DB_PREPARE_THRESHOLD`, 5): a statement a connection has run five
    times is prepared, and PostgreSQL reuses its plan instead of planning it on every request."""
    assert connection.features.uses_server_side_binding
    marker = "komensite_prepare_probe"
    with connection.cursor() as cursor:
        for value in range(7):
            cursor.execute(f"SELECT %s::int AS {marker}", [value])
            assert cursor.fetchone()[0] == value
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            [f"%{marker}%"],
        )
        rows = cursor.fetchall()
    assert len(rows) == 1 and rows[0][0] >= 2  # prepared at the 5th run, its plan used since
