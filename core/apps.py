from django.apps import AppConfig
from django.db.backends.signals import connection_created

from core import db_datetimes


class CoreConfig(AppConfig):
    """The bottom layer: the abstract page, shared blocks and helpers every app builds on."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        connection_created.connect(db_datetimes.register, dispatch_uid="core.db_datetimes")
