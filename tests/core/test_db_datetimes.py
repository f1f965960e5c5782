"""core.db_datetimes: timestamps loaded by psycopg's C loader give what Django's loader gives."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import DataError, connection
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.utils import timezone
from psycopg.adapt import Transformer
from psycopg.pq import Format

from core import db_datetimes
from forums.models import Member

pytestmark = pytest.mark.django_db

VALUES = (
    "'2026-01-01 12:00:00.5-05'::timestamptz",
    "'2026-03-29 01:30:00+00'::timestamptz",  # a DST change elsewhere
    "'1999-12-31 23:59:59.999999+14'::timestamptz",
    "'0001-01-01 00:00:00+00'::timestamptz",
    "'9999-12-31 23:59:59+00'::timestamptz",
    "'2026-07-04 09:15:00+05:45'::timestamptz",
    "NULL::timestamptz",
    "now()",
)


def _rows(sql, *, django_loader=False):
    with connection.cursor() as cursor:
        if django_loader:  # Django's own Python loader, on this cursor only
            register_tzloader(connection.timezone, cursor.cursor)
        cursor.execute(sql)
        return cursor.fetchall()


def test_the_site_connection_loads_timestamps_in_c():
    connection.ensure_connection()
    adapters = connection.connection.adapters
    assert adapters.get_loader(db_datetimes.TIMESTAMPTZ_OID, Format.TEXT) is db_datetimes.FastTzLoader
    assert db_datetimes.FAST  # psycopg[binary] is in requirements.txt
    loader = Transformer(connection.connection).get_loader(db_datetimes.TIMESTAMPTZ_OID, Format.TEXT)
    assert isinstance(loader, db_datetimes.FastTzLoader)
    assert type(loader.load.__self__).__module__ == "psycopg_binary._psycopg"  # the C loader's method


def test_same_values_as_djangos_loader():
    sql = "SELECT " + ", ".join(VALUES) + ", now() = statement_timestamp()"
    ours = _rows(sql)
    theirs = _rows(sql, django_loader=True)
    # now() is the transaction's start: the same in both only inside one transaction
    assert ours[0][:-2] == theirs[0][:-2]
    for value in ours[0][:-2]:
        assert value is None or value.tzinfo is dt.UTC
    assert ours[0][0] == dt.datetime(2026, 1, 1, 17, 0, 0, 500000, tzinfo=dt.UTC)


def test_out_of_range_values_are_refused_as_before():
    for sql in ("SELECT 'infinity'::timestamptz", "SELECT '-infinity'::timestamptz"):
        with pytest.raises(DataError):
            _rows(sql)
        with pytest.raises(DataError):
            _rows(sql, django_loader=True)


def test_models_read_the_same_instant():
    member = Member.objects.create(
        user=get_user_model().objects.create_user("t"),
        display_name="T",
        confirmed_adult_at=timezone.now(),
        accepted_guidelines_at=timezone.now() - dt.timedelta(microseconds=1),
    )
    stored = Member.objects.get(pk=member.pk)
    assert stored.confirmed_adult_at == member.confirmed_adult_at
    assert stored.accepted_guidelines_at == member.accepted_guidelines_at
    assert stored.confirmed_adult_at.tzinfo is dt.UTC


def test_another_session_time_zone_falls_back_to_djangos_loader():
    """Django always sets the session's time zone to its own; if something changed it, the C
    loader (which converts to the session's zone) is not used, and values are Django's."""
    sql = "SELECT " + ", ".join(value for value in VALUES[:-1] if "0001" not in value)
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'America/New_York'")
    try:
        assert _rows(sql) == _rows(sql, django_loader=True)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
