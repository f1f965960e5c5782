"""Which document files we accept, checked by their contents and not just their names.

Plain functions so the rules can be tested without the admin. The document upload forms
(`resources.admin_forms.SafeDocumentForm`) and the public listing ("PDF, 240 KB") both use them.
"""

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# How many leading bytes we read to recognise a file; filetype needs at most 8 KB.
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class DocumentType:
    extension: str
    label: str  # what visitors see next to a download link
    description: str  # what editors see in error messages
    sniffed_as: str | None  # filetype's extension for the real contents; None = plain text


DOCUMENT_TYPES = {
    t.extension: t
    for t in [
        DocumentType("pdf", "PDF", "PDF", "pdf"),
        DocumentType("docx", "Word document", "Word document (DOCX)", "docx"),
        DocumentType("odt", "OpenDocument text", "OpenDocument text (ODT)", "odt"),
        DocumentType("rtf", "Rich Text Format", "Rich Text Format (RTF)", "rtf"),
        DocumentType("txt", "Plain text", "plain text (TXT)", None),
    ]
}


def allowed_extensions():
    """Our types, narrowed further by WAGTAILDOCS_EXTENSIONS when that is set."""
    configured = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    if not configured:
        return list(DOCUMENT_TYPES)
    return [ext for ext in DOCUMENT_TYPES if ext in {e.lower() for e in configured}]


def max_upload_size():
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None) or 20 * 1024 * 1024


def extension_of(filename):
    name = (filename or "").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def human_size(num_bytes):
    """'240 KB', '1.4 MB' - rounded the way people read sizes, in 1024-byte units."""
    if num_bytes is None:
        return ""
    if num_bytes < 1024:
        return f"{num_bytes} bytes" if num_bytes != 1 else "1 byte"
    kb = num_bytes / 1024
    if kb < 1024:
        return f"{max(1, round(kb))} KB"
    mb = kb / 1024
    return f"{mb:.1f} MB".replace(".0 MB", " MB")


def format_label(filename):
    """'PDF', 'Word document' … for a stored file name; the extension upper-cased otherwise."""
    ext = extension_of(filename)
    known = DOCUMENT_TYPES.get(ext)
    return known.label if known else ext.upper()


def _accepted_list():
    descriptions = [DOCUMENT_TYPES[ext].description for ext in allowed_extensions()]
    if len(descriptions) == 1:
        return descriptions[0]
    return ", ".join(descriptions[:-1]) + " or " + descriptions[-1]


def _looks_like_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off at the end of the sample is fine.
        if error.start < len(head) - 3:
            return False
    return True


def validate_document_file(uploaded):
    """Raise ValidationError unless `uploaded` (a Django File) is an accepted type and size.

    Checks, in order: the extension is one we accept, the size is under the cap, and the
    contents really are that type (magic bytes), so "report.pdf" that is really a program is
    refused.
    """
    name = getattr(uploaded, "name", "") or ""
    ext = extension_of(name)
    display_name = name.rsplit("/", 1)[-1]
    if ext not in allowed_extensions():
        raise ValidationError(
            "“%(name)s” is not a type of file we accept. Upload a %(accepted)s file.",
            code="invalid_extension",
            params={"name": display_name, "accepted": _accepted_list()},
        )
    size = getattr(uploaded, "size", None)
    limit = max_upload_size()
    if size is not None and size > limit:
        raise ValidationError(
            "“%(name)s” is %(size)s; the largest file we accept is %(limit)s. "
            "Compress it or split it into parts.",
            code="file_too_large",
            params={"name": display_name, "size": human_size(size), "limit": human_size(limit)},
        )
    if size == 0:
        raise ValidationError("“%(name)s” is empty.", code="empty", params={"name": display_name})

    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(position)
    if isinstance(head, str):
        head = head.encode("utf-8")

    expected = DOCUMENT_TYPES[ext]
    kind = filetype.guess(head)
    if expected.sniffed_as is None:
        matches = kind is None and _looks_like_text(head)
    else:
        matches = kind is not None and kind.extension == expected.sniffed_as
    if not matches:
        actual = f" It looks like a {kind.extension.upper()} file." if kind else ""
        raise ValidationError(
            "“%(name)s” is named as a %(expected)s file but its contents are not.%(actual)s "
            "Save or export it again as %(expected)s and upload that.",
            code="type_mismatch",
            params={"name": display_name, "expected": expected.description, "actual": actual},
        )
