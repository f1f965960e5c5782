"""Send the message boards' daily or weekly digest emails.

Suitable for cron, e.g. (server time, US Eastern):
    15 7 * * *   python manage.py send_digests daily
    30 7 * * MON python manage.py send_digests weekly
Idempotent: running it twice in the same day (daily) or ISO week (weekly) sends nothing twice.
With --enqueue the work runs as a task on the default backend (the `db_worker` in production).
"""

from django.core.management.base import BaseCommand

from forums import notifications_center
from forums.member_models import Frequency


class Command(BaseCommand):
    help = "Send daily or weekly digest emails of watched boards and topics (idempotent per period)."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=[Frequency.DAILY, Frequency.WEEKLY])
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the run as a task for the db_worker instead."
        )

    def handle(self, frequency, enqueue=False, **options):
        if enqueue:
            result = notifications_center.send_digests_task.enqueue(frequency)
            self.stdout.write(f"Queued the {frequency} digests as task {result.id}.")
            return
        count = notifications_center.send_digests(frequency)
        self.stdout.write(f"Queued {count} {frequency} digest email{'s' if count != 1 else ''}.")
