"""django-tasks-db's worker, made to outlive database outages and its own crashes.

- **Reconnects with backoff.** The stock `db_worker` exits with a traceback on the first
  database error (PostgreSQL restarting, a failover, a dropped connection), and emails, search
  index updates and CDN purges then wait silently. `ResilientWorker.run` catches "database
  unreachable" errors, drops its connections, waits (0.5 s doubling up to
  TASK_WORKER_MAX_BACKOFF_SECONDS) and goes on. Any other error still stops it, for the
  supervisor (`make serve`, systemd) to restart.
- **Heartbeat and lease.** A thread records a heartbeat (`WorkerHeartbeat`) every
  TASK_WORKER_HEARTBEAT_SECONDS, also while a long task runs. A task RUNNING under a worker
  whose heartbeat is older than TASK_WORKER_LEASE_SECONDS (`kill -9`, a lost machine) is put
  back in the queue; after TASK_WORKER_MAX_ATTEMPTS claims it is marked failed instead, so a
  task that kills its worker cannot loop for ever. Tasks must therefore be safe to run again:
  the post emails record each recipient (forums.models.PostEmailSent).
"""

import contextlib
import datetime as dt
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from worker.models import WorkerHeartbeat

logger = logging.getLogger("komensite.worker")

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)


class WorkerLost(Exception):
    """Recorded as the error of a task whose workers kept dying while running it."""


def lease():
    return dt.timedelta(seconds=settings.TASK_WORKER_LEASE_SECONDS)


def beat(worker_id, now=None):
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"beat_at": now, "hostname": socket.gethostname()[:255], "pid": os.getpid()},
        create_defaults={
            "beat_at": now,
            "started_at": now,
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
        },
    )


def reclaim_abandoned_tasks(now=None):
    """Put tasks whose worker stopped beating back in the queue. Returns (requeued, failed)."""
    now = now or timezone.now()
    cutoff = now - lease()
    alive = set(WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True))
    requeued = failed = 0
    with transaction.atomic():
        # Claimed before the cutoff: a worker that has just claimed a task has beaten too.
        stale = (
            DBTaskResult.objects.running().filter(started_at__lt=cutoff).select_for_update(skip_locked=True)
        )
        for task in stale:
            if task.worker_ids and task.worker_ids[-1] in alive:
                continue
            if len(task.worker_ids) >= settings.TASK_WORKER_MAX_ATTEMPTS:
                task.set_failed(
                    WorkerLost(f"The worker running this task stopped {len(task.worker_ids)} times.")
                )
                failed += 1
                logger.error("Task %s (%s) failed: its workers kept dying", task.pk, task.task_path)
            else:
                task.status = TaskResultStatus.READY
                task.save(update_fields=["status"])
                requeued += 1
                logger.warning(
                    "Task %s (%s) was abandoned by worker %s: queued again",
                    task.pk,
                    task.task_path,
                    task.worker_ids[-1] if task.worker_ids else "?",
                )
    return requeued, failed


class ResilientWorker(Worker):
    def __init__(self, *, heartbeat_seconds=None, max_backoff=None, **kwargs):
        super().__init__(**kwargs)
        self.heartbeat_seconds = heartbeat_seconds or settings.TASK_WORKER_HEARTBEAT_SECONDS
        self.max_backoff = max_backoff or settings.TASK_WORKER_MAX_BACKOFF_SECONDS
        self.stopped = threading.Event()
        self.reconnects = 0

    # The heartbeat thread ------------------------------------------------------------------

    def _heartbeat_loop(self):
        last_reclaim = 0.0
        while not self.stopped.is_set():
            try:
                beat(self.worker_id)
                if time.monotonic() - last_reclaim >= self.heartbeat_seconds * 3:
                    reclaim_abandoned_tasks()
                    last_reclaim = time.monotonic()
            except DatabaseError as error:
                logger.warning("Worker %s: heartbeat failed (%s); trying again", self.worker_id, error)
                _drop_connection()
            self.stopped.wait(self.heartbeat_seconds)
        _drop_connection()

    # The main loop -------------------------------------------------------------------------

    def run(self):
        heart = threading.Thread(target=self._heartbeat_loop, name="worker-heartbeat", daemon=True)
        failures, last_failure = 0, 0.0
        try:
            self._until_database_answers(lambda: (beat(self.worker_id), reclaim_abandoned_tasks()))
            heart.start()
            while True:
                try:
                    return super().run()
                except DATABASE_DOWN_ERRORS as error:
                    if not self.running:
                        return None
                    if time.monotonic() - last_failure > 60:
                        failures = 0
                    failures, last_failure = failures + 1, time.monotonic()
                    self._back_off(failures, error)
        finally:
            self.stopped.set()
            if heart.is_alive():
                heart.join(timeout=5)

    def _until_database_answers(self, action):
        failures = 0
        while True:
            try:
                return action()
            except DATABASE_DOWN_ERRORS as error:
                failures += 1
                self._back_off(failures, error)

    def _back_off(self, failures, error):
        delay = min(0.5 * 2 ** (failures - 1), self.max_backoff)
        self.reconnects += 1
        logger.warning(
            "Worker %s: database unavailable (%s); trying again in %.1f s",
            self.worker_id,
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
            delay,
        )
        _drop_connection()
        if self.stopped.wait(delay):
            raise SystemExit(0)


def _drop_connection():
    with contextlib.suppress(DatabaseError):
        connection.close()


def uses_database_queue():
    """True when tasks go through django-tasks-db (production), not run inline (dev, tests)."""
    return any(config.get("BACKEND", "").startswith("django_tasks_db.") for config in settings.TASKS.values())


def queue_state(now=None):
    """For /health/: queue depth, the oldest ready task's age, the newest heartbeat and whether
    the worker counts as silent (no heartbeat for HEALTH_WORKER_SILENT_SECONDS)."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    depth = ready.count()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    last_beat = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    silent_for = (now - last_beat).total_seconds() if last_beat else None
    worker_ok = silent_for is not None and silent_for <= settings.HEALTH_WORKER_SILENT_SECONDS
    return {
        "worker": "ok" if worker_ok else "silent",
        "queue_depth": depth,
        "oldest_ready_task_age_seconds": round((now - oldest).total_seconds(), 1) if oldest else None,
        "last_worker_heartbeat": last_beat.isoformat() if last_beat else None,
        "last_worker_heartbeat_age_seconds": round(silent_for, 1) if silent_for is not None else None,
    }
