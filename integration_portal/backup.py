"""Backup and restore of the whole portal: a consistent snapshot of the database plus every uploaded file.

One tar archive holds `manifest.json` (time, release, engine, the row count of every table at the snapshot,
every uploaded file with its SHA-256), the database and `media/` (the uploads):

- PostgreSQL: `pg_dump --format=custom` reading one exported repeatable-read snapshot, so an edit made
  while the backup runs is either wholly in it or not at all; the row counts come from the same snapshot.
- SQLite: a copy of the database file through SQLite's backup API, which copies one consistent state.

The database is copied first, then the uploads: every file a backed-up row names was written before its
row was committed, so it is in the archive. Restore replaces the database (PostgreSQL: `pg_restore --clean`
in one transaction; SQLite: the backup API again) and the uploads, removing files the backup does not hold,
and checks the row counts against the manifest. SECURITY.md describes the routine and what the archive holds;
`manage.py backup` and `manage.py restore` call this.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess  # nosec B404
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 2
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"postgresql": "database.dump", "sqlite3": "database.sqlite3"}
# Rows not worth keeping: sessions (short-lived) and failed logins with client addresses (purged after 30 days).
SKIPPED_TABLES = ("django_session", "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog")
FILE_MODE, FOLDER_MODE = 0o640, 0o750
ARCHIVE_NAME = re.compile(r"integrationsportal-(\d{8}T\d{6}Z)\.tar")


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why, in German."""


def _engine(settings_dict):
    engine = settings_dict["ENGINE"].rsplit(".", 1)[-1]
    if engine not in DUMPS:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not %(engine)s.") % {"engine": engine})
    return engine


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def _table_counts(cursor, tables):
    """Rows per table as the cursor's transaction sees them; skipped tables are not in the backup."""
    counts = {}
    for table in sorted(set(tables) - set(SKIPPED_TABLES)):
        # A table name the database listed, quoted.
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608  # nosec B608
        counts[table] = cursor.fetchone()[0]
    return counts


def _postgres_environment(settings_dict):
    """libpq's variables for pg_dump/pg_restore: the password never appears in a process list."""
    values = {
        "PGDATABASE": settings_dict["NAME"],
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGSSLMODE": settings_dict.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _run(arguments, settings_dict):
    try:
        # Fixed program and arguments, no shell; the connection comes from the environment.
        result = subprocess.run(  # noqa: S603  # nosec B603
            arguments, env=_postgres_environment(settings_dict), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            _("%(program)s is missing: install PostgreSQL's client programs (Debian: postgresql-client).")
            % {"program": arguments[0]}
        ) from error
    if result.returncode:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": arguments[0], "error": result.stderr.strip()}
        )


def _dump_postgres(target, on_snapshot):
    """pg_dump of one exported snapshot; returns the row counts of that snapshot."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            counts = _table_counts(cursor, [row[0] for row in cursor.fetchall()])
            if on_snapshot:
                on_snapshot(cursor)
            skipped = [f"--exclude-table-data={_quote(table)}" for table in SKIPPED_TABLES]
            # The snapshot stays valid while this transaction is open: pg_dump sees exactly what the counts saw.
            arguments = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            _run([*arguments, *skipped, f"--file={target}"], connection.settings_dict)
            cursor.execute("COMMIT")
    finally:
        raw.close()
    return counts


def _dump_sqlite(target, on_snapshot):
    """A copy through SQLite's backup API (one consistent state, even while others write); returns its counts."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        with copy:
            tables = [row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in set(SKIPPED_TABLES) & set(tables):  # fixed names
                copy.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608  # nosec B608
        copy.execute("VACUUM")
        cursor = copy.cursor()
        counts = _table_counts(cursor, [name for name in tables if not name.startswith("sqlite_")])
        if on_snapshot:
            on_snapshot(cursor)
    finally:
        copy.close()
    return counts


def _media_files(media_root):
    """{path relative to MEDIA_ROOT: SHA-256} of every uploaded file."""
    files = {}
    for path in sorted(media_root.rglob("*")) if media_root.is_dir() else []:
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                files[path.relative_to(media_root).as_posix()] = hashlib.file_digest(file, "sha256").hexdigest()
    return files


def _add_file(archive, source, name):
    info = archive.gettarinfo(source, arcname=name)
    info.mode, info.uid, info.gid, info.uname, info.gname = FILE_MODE, 0, 0, "", ""
    with open(source, "rb") as file:
        archive.addfile(info, file)


def create_backup(path, *, on_snapshot=None):
    """Write the archive to `path` (readable by its owner only: it holds password hashes). Returns the manifest.

    `on_snapshot(cursor)`, if given, is called with a cursor that sees the database exactly as the backup does.
    """
    engine = _engine(connection.settings_dict)
    media_root = Path(str(settings.MEDIA_ROOT))
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DUMPS[engine]
        started = timezone.now()
        counts = (_dump_postgres if engine == "postgresql" else _dump_sqlite)(dump, on_snapshot)
        media = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created": started.isoformat(),
            "django": django.get_version(),
            "database": engine,
            "rows": counts,
            "media": media,
        }
        (Path(scratch) / MANIFEST).write_text(json.dumps(manifest, indent=2))
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file, tarfile.open(fileobj=file, mode="w") as archive:
            _add_file(archive, Path(scratch) / MANIFEST, MANIFEST)
            _add_file(archive, dump, DUMPS[engine])
            for name in media:
                _add_file(archive, media_root / name, f"{MEDIA}/{name}")
    return manifest


def read_manifest(path):
    """The archive's manifest; refuses anything that is not a backup of this format."""
    with tarfile.open(path, mode="r:*") as archive:
        manifest = json.load(archive.extractfile(MANIFEST))
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("The archive was made by an older release (a data.json backup): restore it with that release.")
        )
    return manifest


def _restore_postgres(dump, settings_dict):
    # One transaction: a broken dump leaves the database as it was. --clean replaces what an older restore
    # or `migrate` created; into an empty database it simply creates everything.
    arguments = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    _run([*arguments, "--exit-on-error", f"--dbname={settings_dict['NAME']}", str(dump)], settings_dict)


def _restore_sqlite(dump, settings_dict):
    source = sqlite3.connect(dump)
    # The default database through Django's own connection (it may live in memory, as in the tests).
    is_default = settings_dict is connection.settings_dict
    if is_default:
        connection.ensure_connection()
    target = connection.connection if is_default else sqlite3.connect(settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        source.close()
        if not is_default:
            target.close()


def _check_counts(manifest, settings_dict):
    """The restored rows, counted table by table, against the counts taken at the snapshot."""
    default = connections["default"]
    wrapper = default if settings_dict is default.settings_dict else type(default)(settings_dict)
    try:
        with wrapper.cursor() as cursor:
            counts = _table_counts(cursor, manifest["rows"])
    finally:
        if wrapper is not default:
            wrapper.close()
    wrong = sorted(table for table, rows in manifest["rows"].items() if counts[table] != rows)
    if wrong:
        raise BackupError(
            _("After the restore, these tables have other row counts: %(tables)s") % {"tables": ", ".join(wrong)}
        )


def _make_folder(folder):
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    folder.chmod(FOLDER_MODE)


def _restore_media(staged, media_root, files):
    """The uploads exactly as backed up: every file back (0640, folders 0750), any other file removed."""
    folders = {Path("."), *(parent for name in files for parent in Path(name).parents)}
    for folder in sorted(folders):  # "." (MEDIA_ROOT) first, parents before their children
        _make_folder(media_root / folder)
    wanted = folders | {Path(name) for name in files}
    for name in sorted(files):
        target = media_root / name
        temporary = target.with_name(f".{target.name}.restoring")
        shutil.copyfile(staged / name, temporary)
        temporary.chmod(FILE_MODE)
        os.replace(temporary, target)
    # Deepest first, so that a folder is empty when its turn comes.
    for path in sorted(media_root.rglob("*"), key=lambda path: len(path.parts), reverse=True):
        if path.relative_to(media_root) in wanted:
            continue
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink()


def restore_backup(path, *, database=None):
    """Replace the database and the uploads with the archive's. Returns its manifest.

    `database`: the settings of the database to restore into (default: the portal's own). Stop the application
    servers and workers first: PostgreSQL's restore drops and recreates every table.
    """
    settings_dict = database or connection.settings_dict
    manifest = read_manifest(path)
    engine = _engine(settings_dict)
    if manifest["database"] != engine:
        raise BackupError(
            _("The archive holds a %(archive)s database; it cannot be restored into %(engine)s.")
            % {"archive": manifest["database"], "engine": engine}
        )
    media_root = Path(str(settings.MEDIA_ROOT))
    with tarfile.open(path, mode="r:*") as archive, tempfile.TemporaryDirectory() as scratch:
        # The "data" filter refuses absolute paths, "..", links leaving the folder and device files.
        archive.extractall(scratch, filter="data")
        connections.close_all()
        dump = Path(scratch) / DUMPS[engine]
        (_restore_postgres if engine == "postgresql" else _restore_sqlite)(dump, settings_dict)
        _check_counts(manifest, settings_dict)
        _restore_media(Path(scratch) / MEDIA, media_root, manifest["media"])
    if database is None:
        # What the cache keeps (pages, tables, the survey) was made from the data the restore replaced.
        cache.clear()
    return manifest


def archive_name(moment=None):
    return f"integrationsportal-{(moment or timezone.now()).astimezone(UTC):%Y%m%dT%H%M%SZ}.tar"


def archives_to_delete(folder, *, keep_daily, keep_weekly):
    """Rotation: keep the newest archive of each of the last `keep_daily` days and of each of the last
    `keep_weekly` ISO weeks that have one; every other archive of `folder` is returned, oldest first."""
    archives = []
    for path in Path(folder).iterdir():
        if match := ARCHIVE_NAME.fullmatch(path.name):
            archives.append((datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ"), path))
    archives.sort(reverse=True)
    days, weeks, kept = [], [], set()
    for moment, path in archives:
        week = moment.isocalendar()[:2]
        for periods, period, limit in ((days, moment.date(), keep_daily), (weeks, week, keep_weekly)):
            if period not in periods and len(periods) < limit:
                periods.append(period)
                kept.add(path)
    return [path for _moment, path in reversed(archives) if path not in kept]
