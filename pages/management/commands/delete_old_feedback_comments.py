"""Delete 'Was this page helpful?' comments older than the retention period.

The period is **Settings → Site settings → Keep feedback comments for (days)** (default 180)
of the site each page belongs to; the Yes/No answers are kept for the counts. Run it daily
next to the task worker, e.g. from cron:
    40 3 * * *   python manage.py delete_old_feedback_comments
With --enqueue the work runs as a task on the default backend (the `db_worker` in production).
"""

from django.core.management.base import BaseCommand, CommandError

from pages.feedback import delete_old_comments
from pages.tasks import delete_old_feedback_comments_task


class Command(BaseCommand):
    help = "Delete page feedback comments older than the retention period (answers are kept)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="Use this many days instead of each site's setting (at least 1)."
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the run as a task for the db_worker instead."
        )

    def handle(self, days=None, enqueue=False, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        if enqueue:
            if days is not None:
                raise CommandError("--enqueue uses each site's setting; leave out --days.")
            result = delete_old_feedback_comments_task.enqueue()
            self.stdout.write(f"Queued the feedback clean-up as task {result.id}.")
            return
        count = delete_old_comments(days=days)
        self.stdout.write(f"Deleted {count} feedback comment{'s' if count != 1 else ''}.")
