"""Backup and restore of the whole portal: the database as Django fixtures plus every uploaded file.

One archive (.tar.gz) holds `manifest.json` (time, Django version, row counts), `data.json` (all data,
natural keys for users, groups and permissions) and `media/` (the uploads). It restores into an empty
or existing database of either engine (SQLite or PostgreSQL), so the restore can be tried on a spare
machine. SECURITY.md describes the routine; `manage.py backup` and `manage.py restore` call this.
"""

import io
import json
import os
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

import django
from django.conf import settings
from django.core import management
from django.db import transaction
from django.utils import timezone

# Not worth keeping: rebuilt on migrate (content types, permissions), short-lived (sessions, lockouts).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]
DATA = "data.json"
MANIFEST = "manifest.json"
MEDIA = "media"


def _dump():
    out = io.StringIO()
    management.call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=EXCLUDED,
        indent=None,
        stdout=out,
    )
    return out.getvalue().encode()


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def create_backup(path):
    """Write the archive to `path` (readable by the owner only: it holds password hashes). Returns the manifest."""
    path = Path(path)
    data = _dump()
    counts = Counter(row["model"] for row in json.loads(data))
    manifest = {
        "created": timezone.now().isoformat(),
        "django": django.get_version(),
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "rows": dict(sorted(counts.items())),
    }
    media_root = Path(str(settings.MEDIA_ROOT))
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file, tarfile.open(fileobj=file, mode="w:gz") as archive:
        _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
        _add_bytes(archive, DATA, data)
        if media_root.is_dir():
            archive.add(media_root, arcname=MEDIA, recursive=True)
    return manifest


def read_manifest(path):
    with tarfile.open(path, mode="r:gz") as archive:
        return json.load(archive.extractfile(MANIFEST))


def restore_backup(path):
    """Replace all data and uploads with the archive's. Returns its manifest.

    The database is emptied and loaded in one transaction: a broken archive leaves it as it was.
    """
    media_root = Path(str(settings.MEDIA_ROOT))
    with tarfile.open(path, mode="r:gz") as archive, tempfile.TemporaryDirectory() as scratch:
        manifest = json.load(archive.extractfile(MANIFEST))
        # The "data" filter refuses absolute paths, "..", links leaving the folder and device files.
        archive.extractall(scratch, filter="data")
        fixture = Path(scratch) / DATA
        with transaction.atomic():
            management.call_command("flush", interactive=False, verbosity=0)
            management.call_command("loaddata", str(fixture), verbosity=0)
        media = Path(scratch) / MEDIA
        if media.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            for source in media.rglob("*"):
                target = media_root / source.relative_to(media)
                if source.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(source.read_bytes())
    return manifest
