"""Timestamps read by psycopg's C loader instead of Django's Python one.

Django registers its own `timestamptz` loader on every PostgreSQL connection
(`django.db.backends.postgresql.psycopg_any.BaseTzLoader`): a subclass of psycopg's *pure
Python* loader that parses each value's text in Python and then replaces its tzinfo with the
connection's time zone. psycopg's C extension (psycopg[binary], in requirements.txt) has the same
loader in C, but psycopg only swaps in the C version for its own classes, not for subclasses, so
Django's never gets it. A signed-in topic page reads about 110 timestamps (each post's, author's
and member's dates): ~6 µs each in Python, 7–8 % of the page (bench/README.md, session 15).

`FastTzLoader` is Django's loader class (so Django's per-cursor check, which reads the
registered loader's `timezone`, still finds its time zone and registers nothing per cursor)
whose instances load with psycopg's C loader when that gives the very same value: the C loader
returns the timestamp in the session's time zone, which Django sets to its own (`ensure_timezone`)
before any query, and this is checked per loader (`connection.info.timezone is timezone`). When
it does not hold (another session time zone) Django's Python path runs, as before.

Registered on each new connection by `register` (a `connection_created` receiver, core/apps.py),
only when Django reads timestamps in UTC (USE_TZ, no per-database TIME_ZONE) and psycopg has its
C extension.
"""

import datetime

from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg import adapters, postgres
from psycopg.pq import Format
from psycopg.types.datetime import TimestamptzLoader

TIMESTAMPTZ_OID = postgres.types["timestamptz"].oid
# psycopg's loader for timestamptz as text, from its default map: the C class when the C
# extension is installed, else psycopg's Python class (then nothing is gained: not registered).
_PSYCOPG_LOADER = adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
FAST = _PSYCOPG_LOADER is not None and _PSYCOPG_LOADER is not TimestamptzLoader


class FastTzLoader(BaseTzLoader):
    timezone = datetime.UTC

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        connection = getattr(context, "connection", None)
        if connection is not None and connection.info.timezone is self.timezone:
            # The C loader's bound method, set on the instance: psycopg calls it for each value
            # with no Python frame in between. It returns what BaseTzLoader.load would.
            self.load = _PSYCOPG_LOADER(oid, context).load


def register(sender, connection, **kwargs):
    """connection_created receiver: PostgreSQL connections whose timestamps Django reads in UTC
    load them with FastTzLoader."""
    if not FAST or connection.vendor != "postgresql" or connection.timezone is not datetime.UTC:
        return
    connection.connection.adapters.register_loader("timestamptz", FastTzLoader)
