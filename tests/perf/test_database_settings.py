"""The site's PostgreSQL connections run without JIT compilation: PostgreSQL compiles any query
whose estimated cost passes `jit_above_cost`, which on a web request costs seconds of compiling
for milliseconds of work (the moderation queue: 3.6 s of compiling for a 50 ms query)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_connections_turn_jit_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
