"""An affiliates CSV waiting between its dry run and its confirmation (affiliates/imports.py)."""

from django.conf import settings
from django.db import models


class AffiliateImport(models.Model):
    """An affiliates CSV uploaded in the admin, kept between its dry run and its confirmation.

    The file is stored here (never in public media) with its SHA-256, keyed by an unguessable
    token; `preview` is the dry run's plan and `fingerprint` identifies it, so confirming
    applies exactly what the editor saw or, when the file or the affiliates changed, nothing
    (affiliates/imports.py)."""

    INVALID, PREVIEWED, QUEUED, RUNNING, DONE, FAILED = (
        "invalid",
        "previewed",
        "queued",
        "running",
        "done",
        "failed",
    )
    STATUS_CHOICES = [
        (INVALID, "Has errors"),
        (PREVIEWED, "Checked, waiting for confirmation"),
        (QUEUED, "Waiting to start"),
        (RUNNING, "Importing"),
        (DONE, "Imported"),
        (FAILED, "Failed"),
    ]

    token = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    retire_missing = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=PREVIEWED)
    preview = models.JSONField(default=dict)
    fingerprint = models.CharField(max_length=64, blank=True)
    # The affiliates changed between the dry run and the confirmation: `preview` is a new one.
    refreshed = models.BooleanField(default=False)
    result = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        default_permissions = ()
        permissions = [("import_affiliates", "Can import affiliates from a CSV file (publishes them)")]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"
