"""The session engine (SESSION_ENGINE): Django's database sessions, read with one fixed statement.

Every signed-in request reads its session row first. Django's `db` engine builds an ORM query,
compiles it and builds a `Session` instance to read one column of one row: 0.5-0.6 ms a request
in process, where the statement itself takes 0.15-0.2 ms (issue 15, bench/README.md "Session
13"). Here `load()` runs the same statement as fixed SQL, which psycopg prepares once per
connection like the site's other repeated queries, and decodes the data as Django does.

Only the read changes. Creating, saving, deleting, cycling and expiring sessions, the model, the
table and `clearsessions` are Django's own; a row read here is exactly the row Django's `get()`
would return (same key, same `expire_date > now` test), and data that fails its signature
decodes to an empty session, as before.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    _statements = {}  # database alias -> the read statement, built on first use

    def _read_statement(self, connection):
        statement = self._statements.get(connection.alias)
        if statement is None:
            meta = self.model._meta
            column = {field.name: connection.ops.quote_name(field.column) for field in meta.concrete_fields}
            # Names from the model's own metadata, quoted by the backend; values are parameters.
            statement = self._statements[connection.alias] = (
                f"SELECT {column['session_data']} FROM {connection.ops.quote_name(meta.db_table)}"  # noqa: S608
                f" WHERE {column['session_key']} = %s AND {column['expire_date']} > %s"
            )
        return statement

    def _session_data(self):
        """The row's `session_data` if the session exists and has not expired, else None."""
        if not self.session_key:
            return None
        connection = connections[router.db_for_read(self.model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(self._read_statement(connection), [self.session_key, now])
            row = cursor.fetchone()
        return row[0] if row else None

    def load(self):
        data = self._session_data()
        if data is None:
            self._session_key = None  # as Django's engine: a new key if anything is stored
            return {}
        return self.decode(data)
