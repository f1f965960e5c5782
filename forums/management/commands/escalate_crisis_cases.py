"""Run every minute (cron, a systemd timer or the platform's scheduler) next to `db_worker`:
escalate unacknowledged crisis cases, and lock topics whose timed close has come."""

from django.core.management.base import BaseCommand

from forums import crisis, topic_actions


class Command(BaseCommand):
    help = "Escalate crisis cases nobody acknowledged in time, and close topics whose timed close has come."

    def handle(self, *args, **options):
        escalated = crisis.escalate_due()
        closed = topic_actions.close_due()
        self.stdout.write(
            f"Escalated {len(escalated)} crisis case(s); closed {len(closed)} topic(s) on schedule."
        )
