"""Importing the affiliates CSV from the admin: upload and dry run, confirmation, the import
task and its progress.

The same importer as `manage.py import_affiliates` (affiliates/importer.py) does the work. An
upload is stored with its SHA-256 under a random token (`AffiliateImport`) together with its
dry run and that plan's fingerprint. Confirming queues the import only when the stored file
still has its hash and a new dry run gives the same plan; otherwise the editor sees a fresh
preview. The task applies with `expected_fingerprint`, so what is written is what was
previewed, or nothing. Progress goes to the shared cache, since the import writes in one
transaction that other requests cannot see into until it ends.
"""

import hashlib
import io
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from affiliates.importer import decode, import_affiliates
from affiliates.models import AffiliateImport

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=7)
PROGRESS_TIMEOUT = 24 * 60 * 60


def max_bytes():
    return getattr(settings, "AFFILIATE_IMPORT_MAX_BYTES", 5_000_000)


def check_upload(name, data):
    """The file's text, or ValueError with a message an editor can act on."""
    limit = max_bytes()
    if len(data) > limit:
        raise ValueError(
            _("The file is %(size)s MB; the largest file accepted is %(limit)s MB.")
            % {"size": f"{len(data) / 1_000_000:.1f}", "limit": f"{limit / 1_000_000:g}"}
        )
    if not name.lower().endswith(".csv") or b"\x00" in data:
        raise ValueError(
            _("This is not a CSV file. In your spreadsheet, use “Save as” and choose “CSV UTF-8 (.csv)”.")
        )
    try:
        return decode(data)
    except ValueError:
        raise ValueError(
            _("The file is not UTF-8 text. In your spreadsheet, use “Save as” and choose “CSV UTF-8 (.csv)”.")
        ) from None


def dry_run(record):
    return import_affiliates(
        io.StringIO(decode(bytes(record.content))), dry_run=True, retire_missing=record.retire_missing
    )


def start(name, data, *, retire_missing=False, user=None):
    """Store an upload that passed `check_upload` and its dry run. Returns the AffiliateImport."""
    AffiliateImport.objects.filter(
        updated_at__lt=timezone.now() - KEEP_FOR,
        status__in=[
            AffiliateImport.INVALID,
            AffiliateImport.PREVIEWED,
            AffiliateImport.DONE,
            AffiliateImport.FAILED,
        ],
    ).delete()
    record = AffiliateImport(
        token=secrets.token_urlsafe(32),
        filename=name[-255:],
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        retire_missing=retire_missing,
        uploaded_by=user,
    )
    _store_preview(record, dry_run(record))
    record.save()
    return record


def _store_preview(record, report):
    record.preview = report.as_dict()
    record.fingerprint = report.fingerprint
    record.status = AffiliateImport.PREVIEWED if report.ok else AffiliateImport.INVALID


QUEUED, REFRESHED, FILE_CHANGED, NOT_WAITING = "queued", "refreshed", "file-changed", "not-waiting"


def confirm(record, *, sha256, fingerprint):
    """Queue the import previewed as (`sha256`, `fingerprint`). Returns what happened:
    QUEUED; REFRESHED (the affiliates changed: a new preview is stored, nothing queued);
    FILE_CHANGED (the stored file is not the one previewed); NOT_WAITING (not a preview
    awaiting confirmation, e.g. confirmed twice)."""
    with transaction.atomic():
        record = AffiliateImport.objects.select_for_update().get(pk=record.pk)
        if record.status != AffiliateImport.PREVIEWED:
            return NOT_WAITING
        if sha256 != record.sha256 or hashlib.sha256(bytes(record.content)).hexdigest() != record.sha256:
            return FILE_CHANGED
        report = dry_run(record)
        if fingerprint != record.fingerprint or report.fingerprint != record.fingerprint:
            _store_preview(record, report)
            record.refreshed = True
            record.save()
            return REFRESHED
        record.status = AffiliateImport.QUEUED
        record.refreshed = False
        record.save(update_fields=["status", "refreshed", "updated_at"])
        set_progress(record.pk, 0, len(report.created) + len(report.updated) + len(report.retired))
    # After the commit: a worker (or the immediate backend) must see the QUEUED row.
    transaction.on_commit(lambda: apply_affiliate_import.enqueue(record.pk))
    return QUEUED


@task()
def apply_affiliate_import(import_id):
    """Apply a confirmed import (run by the task worker), or refresh its preview if the plan
    moved since the confirmation. Returns what happened."""
    # RUNNING too: the worker hands a task whose worker died back to the queue (worker/runner.py),
    # and the dead run's transaction was rolled back, so running it again is safe.
    updated = AffiliateImport.objects.filter(
        pk=import_id, status__in=[AffiliateImport.QUEUED, AffiliateImport.RUNNING]
    ).update(status=AffiliateImport.RUNNING, updated_at=timezone.now())
    if not updated:
        return "not queued"
    record = AffiliateImport.objects.get(pk=import_id)
    try:
        if hashlib.sha256(bytes(record.content)).hexdigest() != record.sha256:
            raise ValidationError(_("The stored file does not match the file that was checked."))
        report = import_affiliates(
            io.StringIO(decode(bytes(record.content))),
            retire_missing=record.retire_missing,
            user=record.uploaded_by,
            progress=lambda done, total: set_progress(import_id, done, total),
            expected_fingerprint=record.fingerprint,
        )
    except ValidationError as error:  # a page refused to save after the checks passed
        record.status = AffiliateImport.FAILED
        record.result = {"errors": error.messages}
        record.save()
        return "failed"
    except Exception:
        logger.exception("Affiliate import %s failed", import_id)
        record.status = AffiliateImport.FAILED
        record.result = {"errors": [_("The import stopped on an unexpected error; nothing was changed.")]}
        record.save()
        raise
    if report.stale or not report.ok:
        # The affiliates changed after the confirmation: nothing written, a fresh preview.
        _store_preview(record, report)
        record.refreshed = True
        record.save()
        return "refreshed"
    record.status = AffiliateImport.DONE
    record.result = report.as_dict()
    record.save()
    return "done"


def _progress_key(import_id):
    return f"affiliates:import-progress:{import_id}"


def set_progress(import_id, done, total):
    cache.set(_progress_key(import_id), (done, total), PROGRESS_TIMEOUT)


def progress(record):
    """{status, done, total, percent} for the progress page and its JSON."""
    done, total = cache.get(_progress_key(record.pk)) or (0, 0)
    if record.status == AffiliateImport.DONE:
        done = total = (
            len(record.result.get("created", []))
            + len(record.result.get("updated", []))
            + len(record.result.get("retired", []))
        )
    percent = (
        100 if total == 0 and record.status == AffiliateImport.DONE else (done * 100 // total if total else 0)
    )
    return {"status": record.status, "done": done, "total": total, "percent": percent}
