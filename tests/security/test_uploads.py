"""Upload attacks against integration_portal.uploads: oversized, disguised and malformed files are refused
in German, stored files are never served by the web server, and downloads cannot be rendered as pages.

The upload forms of papers and participation use FileContentValidator; their own tests post these files
through the real views (SECURITY.md lists them)."""

import io
import zipfile
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from integration_portal.uploads import MAX_UPLOAD_BYTES, FileContentValidator, serve_file

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


class AttachmentForm(forms.Form):
    file = forms.FileField(validators=[FileContentValidator()])


def submit(name, content):
    return AttachmentForm(files={"file": SimpleUploadedFile(name, content)})


def zip_bytes(**members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_real_pdf_is_accepted():
    assert submit("Anlage.pdf", PDF).is_valid()


def test_an_oversized_file_is_refused_with_its_size_in_german():
    form = submit("Anlage.pdf", PDF + b"0" * MAX_UPLOAD_BYTES)
    assert not form.is_valid()
    assert "höchstens 20 MB" in form.errors["file"][0]


# (name, content, id): files every upload view must refuse. Upload views of other apps reuse this list:
# `@pytest.mark.parametrize(("name", "content"), [c[:2] for c in MALICIOUS_UPLOADS], ids=[c[2] for c in …])`.
MALICIOUS_UPLOADS = [
    ("Anlage.pdf", b"<html><script>alert(1)</script></html>", "html-as-pdf"),
    ("Bild.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "svg-as-png"),
    ("Anlage.pdf", b"MZ\x90\x00" + b"\x00" * 200, "exe-as-pdf"),
    ("Anlage.docx", zip_bytes(**{"evil.sh": "rm -rf /"}), "zip-as-docx"),
    ("Bild.jpg", b"GIF89a" + b"\x00" * 64, "gif-as-jpg"),
    ("Anlage.pdf", b"", "empty"),
    ("Anlage.pdf", b"%PD", "truncated"),
    ("shell.php.pdf", b"<?php system($_GET['c']); ?>", "php"),
]


@pytest.mark.parametrize(
    ("name", "content"), [case[:2] for case in MALICIOUS_UPLOADS], ids=[case[2] for case in MALICIOUS_UPLOADS]
)
def test_disguised_and_malformed_files_are_refused_in_german(name, content):
    form = submit(name, content)
    assert not form.is_valid()
    errors = " ".join(form.errors["file"])
    assert "Dieser Dateityp ist nicht erlaubt" in errors or "Die übertragene Datei ist leer" in errors


def test_file_names_cannot_leave_the_upload_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(SuspiciousFileOperation):
        default_storage.save("anlagen/../../../etc/passwd", ContentFile(PDF))
    # An uploaded file's own name loses its folders before it is stored.
    upload = SimpleUploadedFile("../../etc/passwd.pdf", PDF)
    assert upload.name == "passwd.pdf"


def test_uploads_are_outside_the_static_files(settings):
    media = Path(str(settings.MEDIA_ROOT)).resolve()
    for static in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        static = Path(str(static)).resolve()
        assert not media.is_relative_to(static) and not static.is_relative_to(media)


@pytest.mark.django_db
def test_no_url_serves_the_upload_folder(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    default_storage.save("anlagen/geheim.pdf", ContentFile(PDF))
    assert client.get(f"/{settings.MEDIA_URL}anlagen/geheim.pdf".replace("//", "/")).status_code == 404


def test_downloads_are_attachments_typed_by_content(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("anlagen/bericht.html", ContentFile(PDF))
    response = serve_file(default_storage.open(name), "Bericht.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
