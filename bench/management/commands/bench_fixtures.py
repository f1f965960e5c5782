from django.core.management.base import BaseCommand
from wagtail.models import Page, Site

from bench import forum_posts
from bench.views import STOCK_PAGE_SLUG


class Command(BaseCommand):
    help = (
        "Content `make bench` needs beyond the demo: the stock Wagtail page and 100,000 forum posts "
        "(bench.forum_posts.load). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=100_000)

    def handle(self, *args, posts, **options):
        # The default site's home: the demo has a Spanish home page too (issue 20).
        home = Site.objects.get(is_default_site=True).root_page
        if not home.get_children().filter(slug=STOCK_PAGE_SLUG).exists():
            page = Page(title="Welcome to your new Wagtail site!", slug=STOCK_PAGE_SLUG)
            home.add_child(instance=page)
            page.save_revision().publish()
            self.stdout.write("  created the stock Wagtail page")
        forum_posts.load(posts=posts, log=self.stdout.write)
