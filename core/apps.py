from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: the abstract page, shared blocks and helpers every app builds on."""

    name = "core"
    verbose_name = "Core"
