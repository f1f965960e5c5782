"""Store the reading grade of every article, perspective and standard page (their latest saved
text), e.g. once after deploying the readability feature; saving a page keeps it current after."""

from django.apps import apps
from django.core.management.base import BaseCommand

from pages.models import ReadabilityMixin


class Command(BaseCommand):
    help = "Compute and store the reading grade of every page that has one (latest saved text)."

    def handle(self, **options):
        count = 0
        for model in apps.get_models():
            if not issubclass(model, ReadabilityMixin):
                continue
            for page in model.objects.select_related("latest_revision").iterator(chunk_size=200):
                latest = page.get_latest_revision_as_object() if page.latest_revision_id else page
                latest.pk = page.pk
                latest.store_reading_level()
                count += 1
        self.stdout.write(f"Stored the reading grade of {count} page{'s' if count != 1 else ''}.")
