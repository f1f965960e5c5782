from django.core.management.base import BaseCommand

from core.cache import pagecache


class Command(BaseCommand):
    help = "Drop every cached page from the shared page cache (e.g. after a deploy that changes templates)."

    def handle(self, *args, **options):
        pagecache.bump_generation()
        self.stdout.write("Page cache purged.")
