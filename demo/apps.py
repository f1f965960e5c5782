from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DemoConfig(AppConfig):
    """Demo content for development and tests: never part of a production site."""

    name = "demo"
    verbose_name = "Demo content"

    def ready(self):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise ImproperlyConfigured(
                "The demo app creates sample content and an admin account: it is for development and "
                "tests only (komensite.settings.dev / test). Remove 'demo' from INSTALLED_APPS."
            )
