import importlib
import importlib.util

from django.core.management.base import BaseCommand

# Each app contributes a `demo` module with `load(log)`; order matters (pages first).
DEMO_MODULES = ["pages.demo", "resources.demo", "affiliates.demo", "forums.demo", "pages.demo_articles"]


class Command(BaseCommand):
    help = "Create the demo site content. Safe to run repeatedly: only missing content is created."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            if importlib.util.find_spec(name) is None:
                continue
            self.stdout.write(f"Loading {name}")
            importlib.import_module(name).load(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
