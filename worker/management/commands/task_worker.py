import logging
import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from worker.runner import ResilientWorker


class Command(db_worker.Command):
    help = (
        "Run the database task worker (django-tasks-db's db_worker, same options) so that it "
        "survives database outages and reclaims tasks left running by a dead worker."
    )

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        ours = logging.getLogger("komensite.worker")
        ours.setLevel(logging.CRITICAL if verbosity == 0 else logging.INFO)
        if not ours.hasHandlers():
            ours.addHandler(logging.StreamHandler(self.stderr))

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
