"""Import files waiting for the user's confirmation: in a private folder outside MEDIA_ROOT, readable by the
portal's own user only (0600), named by a random token that only the user's session knows. They are
deleted on confirmation, on cancellation, and after IMPORT_UPLOAD_MAX_AGE seconds (one hour) at the latest:
a file older than that is refused, and `manage.py purge_expired` removes it (also what a killed import left).
"""

import os
import secrets
import stat
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def upload_dir() -> Path:
    """The folder, created 0700; refused if another user owns it (e.g. made up in a shared /tmp)."""
    folder = Path(settings.IMPORT_UPLOAD_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat(follow_symlinks=False)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise ImproperlyConfigured(f"IMPORT_UPLOAD_DIR {folder} must be a folder of the portal's own user.")
    if stat.S_IMODE(info.st_mode) != 0o700:
        folder.chmod(0o700)
    return folder


def _path(token: str, filename: str) -> Path:
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return upload_dir() / f"{token}{suffix}"


def store(data: bytes, filename: str) -> str:
    """Write the upload (0600, never over an existing file) and return its token."""
    token = secrets.token_urlsafe(24)
    descriptor = os.open(_path(token, filename), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return token


def read(token: str, filename: str) -> bytes | None:
    """The waiting file, or None if it is gone or older than IMPORT_UPLOAD_MAX_AGE (then it is deleted)."""
    path = _path(token, filename)
    try:
        if time.time() - path.stat().st_mtime > settings.IMPORT_UPLOAD_MAX_AGE:
            path.unlink(missing_ok=True)
            return None
        return path.read_bytes()
    except OSError:
        return None


def discard(token: str, filename: str) -> None:
    _path(token, filename).unlink(missing_ok=True)


def purge(max_age: int | None = None) -> int:
    """Delete every file of the folder older than `max_age` seconds (default IMPORT_UPLOAD_MAX_AGE)."""
    limit = time.time() - (settings.IMPORT_UPLOAD_MAX_AGE if max_age is None else max_age)
    removed = 0
    for path in upload_dir().iterdir():
        if path.is_file() and path.stat(follow_symlinks=False).st_mtime < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
