from django.core.management.base import BaseCommand

from demo import affiliates, articles, forums, glossary, health, images, pages, resources, spanish

# Order matters: pages first (home), boards before resources (Family and friends links the
# caregivers board), articles last (their support options point at the locator, boards and library).
# The glossary after articles (its terms link to them). Images last: they go on pages every other
# loader made. Spanish after them: translations are copies of the finished English pages.
DEMO_MODULES = [pages, forums, resources, affiliates, articles, health, glossary, images, spanish]


class Command(BaseCommand):
    help = "Create the demo site content. Safe to run repeatedly: only missing content is created."

    def handle(self, *args, **options):
        for module in DEMO_MODULES:
            self.stdout.write(f"Loading {module.__name__}")
            module.load(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
