"""A backup taken while people edit holds exactly the state of its snapshot, and restores into an empty database
with every upload back and no stale file left. Runs on the engine of the test run: pg_dump of an exported
snapshot on PostgreSQL, SQLite's backup API on SQLite."""

import hashlib
import sqlite3
import stat
import threading
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, connections, transaction

from actionplan.models import Measure
from integration_portal.backup import SKIPPED_TABLES, archives_to_delete, create_backup, restore_backup
from steering.models import Comment

from ..factories import one_of_each

MEDIA = {
    "anlagen/Vorlage VO-2025-246.pdf": b"%PDF-1.7 Vorlage",
    "papers/drafts/7/entwurf.pdf": b"%PDF-1.7 Entwurf",
    "papers/released/7-abc.pdf": b"%PDF-1.7 beschlossen",
}
WRITES_DURING_DUMP = 5


def table_names(cursor):
    if connection.vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted({row[0] for row in cursor.fetchall()} - set(SKIPPED_TABLES))


def figures(cursor):
    """{table: (rows, SHA-256 of all rows in a fixed order)} as the cursor's transaction sees them."""
    result = {}
    for table in table_names(cursor):
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
        rows = sorted(repr(row) for row in cursor.fetchall())
        result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


class Writer(threading.Thread):
    """Edits as people do while the backup runs: a new comment and a changed measure per transaction."""

    def __init__(self, measure):
        super().__init__(daemon=True)
        self.measure, self.commits, self.stop = measure, 0, threading.Event()

    def run(self):
        try:
            while not self.stop.is_set():
                try:
                    with transaction.atomic():
                        Comment.objects.create(district=self.measure.district, measure=self.measure, text="Frage")
                        Measure.objects.filter(pk=self.measure.pk).update(text=f"Stand {self.commits}")
                except OperationalError:  # SQLite: the backup holds the database for a moment
                    continue
                self.commits += 1
        finally:
            connection.close()

    def wait_for(self, commits):
        for _ in range(500):
            if self.commits >= commits:
                return
            self.stop.wait(0.02)
        raise AssertionError(f"the writer made only {self.commits} commits")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, data in MEDIA.items():
        (settings.MEDIA_ROOT / name).parent.mkdir(parents=True, exist_ok=True)
        (settings.MEDIA_ROOT / name).write_bytes(data)
    return settings.MEDIA_ROOT


@pytest.fixture
def empty_database(tmp_path):
    """The settings of a new, empty database of the test run's engine (PostgreSQL: <test database>_restored)."""
    if connection.vendor == "sqlite":
        yield {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def media_files(media_root):
    return {path.relative_to(media_root).as_posix(): path for path in media_root.rglob("*") if path.is_file()}


def restored_figures(settings_dict):
    if connection.vendor == "sqlite":
        raw = sqlite3.connect(settings_dict["NAME"])
    else:
        wrapper = type(connections["default"])(settings_dict)
        raw = wrapper.get_new_connection(wrapper.get_connection_params())
    try:
        return figures(raw.cursor())
    finally:
        raw.close()


def test_a_backup_taken_during_edits_restores_the_state_of_its_snapshot(
    transactional_db, district, media_root, empty_database, tmp_path
):
    measure = one_of_each(district)[Measure]
    uploads = {name: path.read_bytes() for name, path in media_files(media_root).items()}
    assert MEDIA.items() <= uploads.items()
    writer = Writer(measure)
    writer.start()
    writer.wait_for(3)
    expected = {}

    def at_snapshot(cursor):
        expected.update(figures(cursor))
        # The database changes between the snapshot and the dump's reading of the tables.
        writer.wait_for(writer.commits + WRITES_DURING_DUMP)

    try:
        manifest = create_backup(tmp_path / "sicherung.tar", on_snapshot=at_snapshot)
    finally:
        writer.stop.set()
        writer.join()
    with connection.cursor() as cursor:
        live = figures(cursor)
    assert live["steering_comment"][0] > expected["steering_comment"][0] > 3
    assert manifest["rows"] == {table: rows for table, (rows, _checksum) in expected.items()}

    (media_root / "anlagen" / "Vorlage VO-2025-246.pdf").write_bytes(b"%PDF-1.7 danach geaendert")
    (media_root / "papers" / "drafts" / "7" / "entwurf.pdf").unlink()
    (media_root / "exports" / "neu").mkdir(parents=True)
    (media_root / "exports" / "neu" / "nach-der-sicherung.xlsx").write_bytes(b"stale")
    (media_root / "papers" / "drafts" / "7" / "stale.pdf").write_bytes(b"stale")

    restore_backup(tmp_path / "sicherung.tar", database=empty_database)

    assert restored_figures(empty_database) == expected
    files = media_files(media_root)
    assert {name: path.read_bytes() for name, path in files.items()} == uploads
    assert not (media_root / "exports").exists()
    assert {stat.S_IMODE(path.stat().st_mode) for path in files.values()} == {0o640}
    folders = [path for path in media_root.rglob("*") if path.is_dir()]
    assert {stat.S_IMODE(path.stat().st_mode) for path in [media_root, *folders]} == {0o750}


def archive(folder, moment):
    path = Path(folder) / f"integrationsportal-{moment:%Y%m%dT%H%M%SZ}.tar"
    path.write_bytes(b"")
    return path.name


def test_rotation_keeps_the_newest_archive_of_each_recent_day_and_week(tmp_path):
    names = [
        archive(tmp_path, datetime(2026, 3, day, hour))
        for day in (2, 3, 9, 16, 20, 21, 22, 23)  # Mondays: 2, 9, 16, 23 March 2026
        for hour in (2, 14)
    ]
    (tmp_path / "notizen.txt").write_text("kept: not an archive")
    deleted = {path.name for path in archives_to_delete(tmp_path, keep_daily=3, keep_weekly=3)}
    kept = sorted(set(names) - deleted)
    assert kept == [
        "integrationsportal-20260309T140000Z.tar",  # newest of week 11
        "integrationsportal-20260321T140000Z.tar",  # day
        "integrationsportal-20260322T140000Z.tar",  # day, and the newest of week 12
        "integrationsportal-20260323T140000Z.tar",  # day, and the newest of week 13
    ]


def test_backup_without_a_name_writes_into_backup_dir_and_rotates(transactional_db, settings, media_root, tmp_path):
    settings.BACKUP_DIR = tmp_path / "sicherungen"
    settings.BACKUP_DIR.mkdir()
    old = [archive(settings.BACKUP_DIR, datetime(2026, 1, day, 3)) for day in (5, 6, 7)]
    call_command("backup", keep_daily=2, keep_weekly=0, verbosity=0)
    remaining = sorted(path.name for path in settings.BACKUP_DIR.iterdir())
    assert len(remaining) == 2
    assert remaining[0] == old[-1]
    assert remaining[1].startswith("integrationsportal-") and remaining[1] not in old
    assert stat.S_IMODE((settings.BACKUP_DIR / remaining[1]).stat().st_mode) == 0o600
