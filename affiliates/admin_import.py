"""Admin views of the affiliates CSV import: upload and dry run, preview, confirm, progress.

Thin views over affiliates/imports.py; registered in affiliates/wagtail_hooks.py. Everyone
here needs the `affiliates.import_affiliates` permission (the "Affiliate editors" group)."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from affiliates import imports
from affiliates.importer import HEADER
from affiliates.models import AffiliateImport
from core.pagination import paginate

PERMISSION = "affiliates.import_affiliates"
ENTRIES_PER_PAGE = 100


class AffiliateImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "A UTF-8 CSV file whose first line is exactly: %(header)s. Nothing changes until you "
            "have seen what the file would do and confirmed it."
        )
        % {"header": ",".join(HEADER)},
        error_messages={
            "required": gettext_lazy("Choose a CSV file."),
            "empty": gettext_lazy("The file is empty; the first line must be the header."),
        },
    )
    retire_missing = forms.BooleanField(
        required=False,
        label=gettext_lazy("Unpublish affiliates that are not in the file"),
        help_text=gettext_lazy(
            "Tick when the file lists every affiliate: live affiliates missing from it are retired "
            "(unpublished, not deleted)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.max_bytes():  # refused before reading it into memory
            raise forms.ValidationError(
                _("The file is %(size)s MB; the largest file accepted is %(limit)s MB.")
                % {"size": f"{upload.size / 1_000_000:.1f}", "limit": f"{imports.max_bytes() / 1_000_000:g}"}
            )
        data = upload.read()
        try:
            imports.check_upload(upload.name, data)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        self.file_bytes = data
        return upload


def import_permission_required(view):
    """A 403 page for admin users without the permission (Wagtail would turn PermissionDenied
    into a redirect to the dashboard, which hides why)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return TemplateResponse(request, "affiliates/admin/import_denied.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


@import_permission_required
def upload_view(request):
    form = AffiliateImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        record = imports.start(
            form.cleaned_data["file"].name,
            form.file_bytes,
            retire_missing=form.cleaned_data["retire_missing"],
            user=request.user,
        )
        return redirect("affiliates_import_detail", token=record.token)
    return TemplateResponse(
        request,
        "affiliates/admin/import_upload.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def entries(plan):
    """The rows of a preview or result, in file order: errors first, then what changes."""
    lines = plan.get("lines", {})
    rows = [
        {"kind": "error", "line": error["line"], "slug": "", "detail": error["message"]}
        for error in plan.get("errors", [])
    ]
    changed = [
        {"kind": "create", "line": lines.get(slug), "slug": slug, "detail": ""}
        for slug in plan.get("created", [])
    ] + [
        {
            "kind": "update",
            "line": lines.get(slug),
            "slug": slug,
            "changes": plan.get("changes", {}).get(slug, []),
        }
        for slug in plan.get("updated", [])
    ]
    rows += sorted(changed, key=lambda row: row["line"] or 0)
    rows += [{"kind": "retire", "line": None, "slug": slug} for slug in plan.get("retired", [])]
    return rows


@import_permission_required
def detail_view(request, token):
    record = get_object_or_404(AffiliateImport.objects.defer("content"), token=token)
    plan = record.result if record.status == AffiliateImport.DONE else record.preview
    page_obj, elided_range = paginate(request, entries(plan), ENTRIES_PER_PAGE)
    return TemplateResponse(
        request,
        "affiliates/admin/import_detail.html",
        {
            "record": record,
            "plan": plan,
            "page_obj": page_obj,
            "elided_range": elided_range,
            "progress": _progress(record),
            "form": AffiliateImportForm() if record.status == AffiliateImport.INVALID else None,
            "in_progress": record.status in (AffiliateImport.QUEUED, AffiliateImport.RUNNING),
        },
    )


@require_POST
@import_permission_required
def confirm_view(request, token):
    record = get_object_or_404(AffiliateImport.objects.defer("content"), token=token)
    outcome = imports.confirm(
        record, sha256=request.POST.get("sha256", ""), fingerprint=request.POST.get("fingerprint", "")
    )
    if outcome == imports.REFRESHED:
        messages.warning(
            request,
            _(
                "The affiliates changed since this file was checked. Here is what it would do now: check it and confirm again."
            ),
        )
    elif outcome == imports.FILE_CHANGED:
        messages.error(request, _("This is not the file that was checked. Upload it again."))
        return redirect("affiliates_import")
    elif outcome == imports.NOT_WAITING:
        messages.info(request, _("This file was already confirmed."))
    return redirect("affiliates_import_detail", token=record.token)


def _progress(record):
    data = imports.progress(record)
    data["label"] = (
        ngettext(
            "%(done)s of %(total)s affiliate page written.",
            "%(done)s of %(total)s affiliate pages written.",
            data["total"],
        )
        % data
    )
    return data


@import_permission_required
def progress_view(request, token):
    record = get_object_or_404(AffiliateImport.objects.defer("content"), token=token)
    response = JsonResponse(
        _progress(record) | {"url": reverse("affiliates_import_detail", args=[record.token])}
    )
    response["Cache-Control"] = "no-store"
    return response
