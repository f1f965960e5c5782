"""The session engine (SESSION_ENGINE): database sessions whose read also brings their user.

Every signed-in request reads its session row, then the user it names: two statements, each a
round trip to PostgreSQL (~0.15 ms each on the bench machine, about what the statement itself
costs) before the page does anything of its own (issue 15). Here:

- **The table** is `core.models.Session`: Django's session (key, signed data, expiry) with the
  signed-in user's id as a column, written from the data on every save (`create_model_instance`).
- **The read** (`load()`) runs the project's `SESSION_READER` (a dotted path to a function of the
  session key returning `(session_data, user or None)`, or `(None, None)` when there is no live
  session): `komensite.auth_backends.read_session` joins the user with what the site reads about
  them on every request. Without a reader, Django's engine reads the data alone.
- **The user**: Django's `auth.get_user` decodes the session, checks its backend and asks the
  backend for the user its *signed data* names. `AuthenticationMiddleware` (Django's, with
  `get_user` below) makes the session being read known to the backend for that call only, and
  the backend takes the user read with it (`preloaded_user`) only when it is the one the data
  names, and only once; otherwise it loads the user itself, as before. Django then checks the
  session's password hash against that user as always.

Saving, creating, cycling, deleting and expiring sessions, and `clearsessions`, are Django's
database engine's own, on this model; the key, the data's signature and the expiry test are
the same, and data that fails its signature decodes to an empty session.
"""

from contextvars import ContextVar
from functools import lru_cache, partial

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string

from core.models import Session

# The session store `auth.get_user` is reading, while it does (`get_user`).
_reading = ContextVar("core.sessions.reading", default=None)


def as_user_id(value):
    """A user id as the table's column holds it (an int), from a session's stored value (Django
    stores the id as a string) or a backend's argument; None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else None


def _reader():
    return _imported(getattr(settings, "SESSION_READER", ""))


@lru_cache(maxsize=8)
def _imported(path):
    """The function at `path` (None for ""): imported once per path, not on every request."""
    return import_string(path) if path else None


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        return Session

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.user_id = as_user_id(data.get(SESSION_KEY))
        return instance

    def load(self):
        self._user = None
        read = _reader()
        if read is None:
            return super().load()  # Django's own read of the data alone
        data = None
        if self.session_key:
            data, self._user = read(self.session_key)
        if data is None:
            self._session_key = None  # as Django's engine: a new key if anything is stored
            return {}
        return self.decode(data)

    def user_for(self, user_id):
        """The user read with this session if it is `user_id`, the user the session's data
        names; once (a later call loads the user afresh)."""
        user, self._user = getattr(self, "_user", None), None
        if user is None or user_id is None:
            return None
        named = as_user_id(self._get_session().get(SESSION_KEY))  # the signed data's user
        return user if named is not None and user.pk == named == as_user_id(user_id) else None


def preloaded_user(user_id):
    """For an authentication backend's `get_user(user_id)`: the user read with the session that
    `auth.get_user` is reading (see `get_user`), if it is that user, else None."""
    store = _reading.get()
    return store.user_for(user_id) if isinstance(store, SessionStore) else None


def get_user(request):
    """Django's `auth.get_user(request)`, with the request's session known to the backend."""
    token = _reading.set(getattr(request, "session", None))
    try:
        return auth.get_user(request)
    finally:
        _reading.reset(token)


def _cached_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


def request_user(request):
    """`request.user` itself rather than its lazy wrapper, for code that reads the user many
    times a request: each attribute read through the wrapper is two Python-level lookups (~1 µs;
    ~150 a signed-in topic page, issue 15). The same object the wrapper holds (attributes set on
    either are on both); a user set since (`login()`, `logout()`) is returned as it is."""
    user = request.user
    if user is getattr(request, "_lazy_user", None):  # still the middleware's wrapper
        return _cached_user(request)
    return user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with `request.user` from `get_user` above (the async `request.auser()` is
    Django's own and loads the user itself)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = request._lazy_user = SimpleLazyObject(partial(_cached_user, request))
