import importlib
import importlib.util

from django.core.management.base import BaseCommand

# Each app contributes a `demo` module with `load(log)`. Order matters: pages first (home),
# boards before resources (Family and friends links the caregivers board), articles last
# (their support options point at the locator, boards and library).
DEMO_MODULES = ["pages.demo", "forums.demo", "resources.demo", "affiliates.demo", "pages.demo_articles"]
DEMO_MODULES += ["pages.demo_images"]  # images last: they go on pages every loader made


class Command(BaseCommand):
    help = "Create the demo site content. Safe to run repeatedly: only missing content is created."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            if importlib.util.find_spec(name) is None:
                continue
            self.stdout.write(f"Loading {name}")
            importlib.import_module(name).load(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
