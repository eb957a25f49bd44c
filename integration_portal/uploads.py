"""Uploaded files: types checked by their content, sizes limited, served only after a permission check.

Uploads live under MEDIA_ROOT, which no web server serves directly; `serve_file` is the only way out.
"""

import filetype
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Extension → MIME type as detected from the first bytes of the file.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpg": "image/jpeg",
}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@deconstructible
class FileContentValidator:
    """Accept a file only if its content is one of the allowed types and it is not too large."""

    def __init__(self, allowed=tuple(DOCUMENT_TYPES), max_bytes=MAX_UPLOAD_BYTES):
        self.allowed = tuple(allowed)
        self.max_bytes = max_bytes

    def __call__(self, upload):
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("The file is %(size)s MB; at most %(limit)s MB are allowed."),
                code="file_too_large",
                params={"size": round(upload.size / 1024 / 1024, 1), "limit": self.max_bytes // 1024 // 1024},
            )
        position = upload.tell() if hasattr(upload, "tell") else 0
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(position)
        kind = filetype.guess(head)
        if kind is None or kind.extension not in self.allowed or kind.mime != DOCUMENT_TYPES.get(kind.extension):
            raise ValidationError(
                _("This file type is not allowed. Allowed are: %(types)s."),
                code="file_type",
                params={"types": ", ".join(ext.upper() for ext in self.allowed)},
            )

    def __eq__(self, other):
        return isinstance(other, FileContentValidator) and (self.allowed, self.max_bytes) == (
            other.allowed,
            other.max_bytes,
        )


def serve_file(field_file, download_name):
    """Stream a stored file as a download. Call only after the caller has checked permission."""
    kind = filetype.guess(field_file.open("rb").read(8192))
    field_file.seek(0)
    response = FileResponse(field_file, as_attachment=True, filename=download_name)
    response["Content-Type"] = kind.mime if kind else "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
