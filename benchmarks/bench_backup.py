"""Backup and restore time of the demo and of a large data set (about 253,000 rows, the size whose `dumpdata`
archive took 6 minutes to restore). The demo restores into an empty database, as the restore drill does; the
large set then replaces it. Prints figures, never fails on speed. Run with `make bench` (SQLite: file copy) or
with DATABASE_URL on PostgreSQL (pg_dump/pg_restore)."""

import time

import pytest
from django.core.management import call_command
from django.db import connection

from integration_portal.backup import create_backup, restore_backup
from integration_portal.models import District
from tests.factories import build_plan
from tests.integration_portal.test_backup import empty_database  # noqa: F401 (a fixture)

# build_plan writes per measure: the measure, two indicators, two responsibilities, half a challenge.
LARGE_MEASURES = 46_000
OLD_RESTORE_SECONDS = 6 * 60


def timed_round_trip(archive, database):
    start = time.perf_counter()
    manifest = create_backup(archive)
    backed_up = time.perf_counter()
    restore_backup(archive, database=database)
    restored = time.perf_counter()
    rows = sum(manifest["rows"].values())
    return rows, backed_up - start, restored - backed_up, archive.stat().st_size / 1024 / 1024


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_time(settings, tmp_path, empty_database):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("loaddata", "demo", "demo_papers", verbosity=0)
    figures = [("demo", *timed_round_trip(tmp_path / "demo.tar", empty_database))]
    build_plan(district=District.objects.get(slug="rendsburg-eckernfoerde"), measures=LARGE_MEASURES)
    figures.append(("large", *timed_round_trip(tmp_path / "large.tar", empty_database)))
    for name, rows, backup_seconds, restore_seconds, size in figures:
        print(
            f"\nbackup {name}, {connection.vendor}: {rows:,} rows, backup {backup_seconds:.1f} s, "
            f"restore {restore_seconds:.1f} s, archive {size:.1f} MiB"
        )
    _name, rows, _backup, restore_seconds, _size = figures[-1]
    print(
        f"restore of {rows:,} rows: {restore_seconds:.1f} s, the dumpdata archive took {OLD_RESTORE_SECONDS} s "
        f"for 253,000 rows ({OLD_RESTORE_SECONDS / restore_seconds:.0f} times as long)"
    )
