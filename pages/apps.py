from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_workflow(sender, **kwargs):
    from pages.workflows import ensure_medical_review_workflow

    ensure_medical_review_workflow()


class PagesConfig(AppConfig):
    name = "pages"

    def ready(self):
        post_migrate.connect(_ensure_workflow, sender=self)
        from pages import signals  # noqa: F401
