import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from demo.factories.resources import PDF_BYTES, DocumentFactory
from resources import uploads

Document = get_document_model()


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")])
ODT = zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")])
RTF = b"{\\rtf1\\ansi Hello}"
TXT = "Questions to ask your doctor – ¿Preguntas?\n".encode()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
ZIP = zip_bytes([("readme.txt", "hi")])


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, content",
    [
        ("basics.pdf", PDF_BYTES),
        ("BASICS.PDF", PDF_BYTES),
        ("guide.docx", DOCX),
        ("guide.odt", ODT),
        ("letter.rtf", RTF),
        ("questions.txt", TXT),
    ],
)
def test_accepts_named_types_with_matching_contents(name, content):
    uploads.validate_document_file(upload(name, content))


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("setup.exe", EXE, "invalid_extension"),
        ("page.html", b"<html></html>", "invalid_extension"),
        ("photo.png", PNG, "invalid_extension"),
        ("noextension", PDF_BYTES, "invalid_extension"),
        ("guide.pdf.exe", EXE, "invalid_extension"),
        ("report.pdf", EXE, "type_mismatch"),  # a program renamed to look like a PDF
        ("report.pdf", PNG, "type_mismatch"),
        ("report.pdf", TXT, "type_mismatch"),
        ("guide.docx", PDF_BYTES, "type_mismatch"),
        ("guide.docx", ZIP, "type_mismatch"),  # a zip that is not a Word document
        ("guide.odt", DOCX, "type_mismatch"),
        ("notes.txt", EXE, "type_mismatch"),
        ("notes.txt", PDF_BYTES.replace(b"\n", b"\x00"), "type_mismatch"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_refuses_wrong_types(name, content, code):
    with pytest.raises(ValidationError) as error:
        uploads.validate_document_file(upload(name, content))
    assert error.value.code == code


def test_mismatch_message_names_the_real_type():
    with pytest.raises(ValidationError) as error:
        uploads.validate_document_file(upload("guide.docx", PDF_BYTES))
    message = error.value.messages[0]
    assert "“guide.docx” is named as a Word document (DOCX) file but its contents are not." in message
    assert "It looks like a PDF file." in message


def test_size_cap(settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    uploads.validate_document_file(upload("small.txt", b"x" * 1024))
    with pytest.raises(ValidationError) as error:
        uploads.validate_document_file(upload("big.txt", b"x" * 1025))
    assert error.value.code == "file_too_large"
    assert "largest file we accept is 1 KB" in error.value.messages[0]


def test_validation_leaves_the_file_position_alone():
    uploaded = upload("basics.pdf", PDF_BYTES)
    uploaded.seek(5)
    uploads.validate_document_file(uploaded)
    assert uploaded.tell() == 5


@pytest.mark.parametrize(
    "size, text",
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (900, "900 bytes"),
        (240 * 1024, "240 KB"),
        (1536 * 1024, "1.5 MB"),
        (2 * 1024 * 1024, "2 MB"),
    ],
)
def test_human_size(size, text):
    assert uploads.human_size(size) == text


# --- Through the admin ----------------------------------------------------------------------


@pytest.fixture
def editor(db, client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password")
    client.force_login(user)
    return user


def add_document(client, name, content):
    from wagtail.models import Collection

    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": upload(name, content), "collection": Collection.get_first_root_node().pk},
    )


def test_admin_upload_of_a_real_pdf_works(client, editor):
    response = add_document(client, "basics.pdf", PDF_BYTES)
    assert response.status_code == 302
    doc = Document.objects.get()
    assert doc.file_size == len(PDF_BYTES)


def test_admin_upload_of_a_disguised_file_shows_a_clear_error(client, editor):
    response = add_document(client, "report.pdf", EXE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "is named as a PDF file but its contents are not" in body
    assert not Document.objects.exists()


def test_admin_upload_of_an_unlisted_type_shows_a_clear_error(client, editor):
    response = add_document(client, "setup.exe", EXE)
    assert response.status_code == 200
    assert "is not a type of file we accept" in response.content.decode()
    assert not Document.objects.exists()


def test_admin_upload_over_the_size_cap_is_refused(client, editor, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    response = add_document(client, "basics.pdf", PDF_BYTES + b"%" * 200)
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_multiple_uploader_applies_the_same_checks(client, editor):
    url = reverse("wagtaildocs:add_multiple")
    bad = client.post(url, {"files[]": upload("report.pdf", EXE)})
    assert bad.json()["success"] is False
    assert "contents are not" in bad.json()["error_message"]
    good = client.post(url, {"files[]": upload("basics.pdf", PDF_BYTES)})
    assert good.json()["success"] is True
    assert Document.objects.count() == 1


def test_replacing_a_file_is_checked_too(client, editor):
    doc = DocumentFactory(title="Basics")
    response = client.post(
        reverse("wagtaildocs:edit", args=[doc.pk]),
        {"title": "Basics", "file": upload("basics.pdf", EXE), "collection": doc.collection_id},
    )
    assert response.status_code == 200
    assert "contents are not" in response.content.decode()


# --- Serving --------------------------------------------------------------------------------


@pytest.fixture
def disk_storage(settings, tmp_path):
    """Serve from real files, as production does (the suite's in-memory storage has no files on disk)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def make_document(name, content):
    return DocumentFactory(title=name, file=ContentFile(content, name=name))


def test_pdf_opens_in_the_browser(client, db, disk_storage):
    doc = make_document("basics.pdf", PDF_BYTES)
    response = client.get(doc.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.parametrize(
    "name, content", [("guide.docx", DOCX), ("notes.txt", TXT), ("letter.rtf", RTF), ("guide.odt", ODT)]
)
def test_everything_else_downloads_as_an_attachment(client, db, disk_storage, name, content):
    doc = make_document(name, content)
    response = client.get(doc.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
