from django.core.management.base import BaseCommand

from pages.tasks import send_review_digest_task


class Command(BaseCommand):
    help = (
        "Queue the weekly email to editors listing condition articles whose medical review is "
        "overdue, missing or due in the next 30 days. Run it weekly (cron or a scheduler)."
    )

    def handle(self, *args, **options):
        result = send_review_digest_task.enqueue()
        self.stdout.write(f"Review digest queued ({result.id}).")
