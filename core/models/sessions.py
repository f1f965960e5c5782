from importlib import import_module

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class Session(AbstractBaseSession):
    """Django's database session (key, signed data, expiry) with the signed-in user's id as a
    column of its own, written from the session's data on every save (core.sessions). A signed-in
    request then reads its session and its user in one statement, joined on that column
    (SESSION_READER), where Django's engine reads the session and then the user it names.

    The column is a convenience copy: the user a request gets is always the one the signed data
    names (core.sessions checks the two agree), never the column alone. It has no database
    constraint, so a session is saved whatever happened to its user meanwhile; deleting a user
    through Django deletes their sessions (CASCADE), which signs them out at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "core_session"

    @classmethod
    def get_session_store_class(cls):
        return import_module(settings.SESSION_ENGINE).SessionStore
