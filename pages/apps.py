from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"

    def ready(self):
        from pages import signals  # noqa: F401  (connects the medical review receivers)
