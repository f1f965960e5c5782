"""The task worker's heartbeat: how the site knows a worker is alive (see worker/runner.py)."""

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """One row per `task_worker` process, touched every TASK_WORKER_HEARTBEAT_SECONDS.

    A task RUNNING under a worker whose heartbeat is older than TASK_WORKER_LEASE_SECONDS was
    abandoned (the process was killed or its machine died) and is handed back to the queue;
    /health/ reports the newest heartbeat."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.worker_id} ({self.hostname}:{self.pid})"
