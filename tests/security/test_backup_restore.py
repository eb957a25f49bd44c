"""Backup and restore: back up, wipe the database and the uploads, restore, and find everything again.
Runs on the engine of the test run (CI: SQLite and PostgreSQL)."""

import hashlib
import io
import json
import shutil
import stat
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from actionplan.models import ActionPlan, Measure
from integration_portal.backup import read_manifest
from integration_portal.models import District, User

from ..factories import PASSWORD, UserFactory, one_of_each

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n%%EOF\n"


@pytest.fixture
def portal(transactional_db, settings, tmp_path, district):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "anlagen").mkdir(parents=True)
    (settings.MEDIA_ROOT / "anlagen" / "Vorlage VO-2025-246.pdf").write_bytes(PDF)
    objects = one_of_each(district, plan_status=ActionPlan.Status.ADOPTED)  # public, as the check reads it
    Measure.objects.filter(pk=objects[Measure].pk).update(text="Sprachkurse für Eltern mit Kinderbetreuung")
    user = UserFactory(username="kit-backup", district=district, role="KIT")
    TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    return objects


def wipe(settings):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)


def test_backup_wipe_restore_finds_everything_again(portal, settings, tmp_path):
    archive = tmp_path / "sicherung.tar"
    call_command("backup", str(archive), verbosity=0)
    counts = {model: model.objects.count() for model in (District, User, Measure, ActionPlan, TOTPDevice)}
    # The upload and the PDFs the jobs rendered meanwhile.
    files = sum(1 for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600

    wipe(settings)
    assert not Measure.objects.exists() and not settings.MEDIA_ROOT.exists()

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)
    assert f"Zeilen und {files} hochgeladene Dateien vom" in out.getvalue()
    assert {model: model.objects.count() for model in counts} == counts
    measure = Measure.objects.get(text="Sprachkurse für Eltern mit Kinderbetreuung")
    assert measure.district.slug == "rendsburg-eckernfoerde"
    assert (settings.MEDIA_ROOT / "anlagen" / "Vorlage VO-2025-246.pdf").read_bytes() == PDF
    # People log in as before, with their groups and their second factor.
    user = User.objects.get(username="kit-backup")
    assert user.check_password(PASSWORD) and user.groups.filter(name="KIT").exists()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    plan = measure.challenge.field.plan
    assert "Sprachkurse für Eltern" in Client().get(plan.get_absolute_url()).content.decode()
    # New rows get fresh ids after the restore (sequences follow the restored data).
    assert District.objects.create(name="Kreis Neu", short_name="NEU", slug="neu").pk > measure.district.pk


def test_manifest_counts_the_rows(portal, tmp_path):
    archive = tmp_path / "sicherung.tar"
    call_command("backup", str(archive), verbosity=0)
    manifest = read_manifest(archive)
    assert manifest["rows"]["actionplan_measure"] == Measure.objects.count()
    assert manifest["rows"]["otp_totp_totpdevice"] == 1
    # Sessions and failed logins with client addresses are not kept.
    assert "django_session" not in manifest["rows"] and "axes_accessattempt" not in manifest["rows"]
    assert manifest["media"]["anlagen/Vorlage VO-2025-246.pdf"] == hashlib.sha256(PDF).hexdigest()


def test_restore_asks_for_confirmation_and_refuses_other_files(portal, tmp_path):
    archive = tmp_path / "sicherung.tar"
    call_command("backup", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    other = tmp_path / "kein-backup.tar.gz"
    other.write_bytes(b"nicht einmal gzip")
    with pytest.raises(CommandError, match="ist keine Sicherung des Portals"):
        call_command("restore", str(other), yes=True)
    assert Measure.objects.exists()


def write_archive(path, *members):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def manifest_of(engine):
    return json.dumps({"format": 2, "created": "x", "database": engine, "rows": {}, "media": {}}).encode()


def test_an_archive_that_writes_outside_its_folder_is_refused(portal, tmp_path):
    archive = tmp_path / "boese.tar.gz"
    engine = connection.settings_dict["ENGINE"].rsplit(".", 1)[-1]
    write_archive(archive, ("manifest.json", manifest_of(engine)), ("../x", b"x"))
    with pytest.raises(tarfile.OutsideDestinationError):
        call_command("restore", str(archive), yes=True)
    assert Measure.objects.exists()
    assert not (tmp_path / "x").exists()


def test_a_backup_of_the_older_fixture_format_is_refused_with_what_to_do(portal, tmp_path):
    archive = tmp_path / "alt.tar.gz"
    write_archive(archive, ("manifest.json", b'{"created": "x", "rows": {}}'), ("data.json", b"[]"))
    with pytest.raises(CommandError, match="von einer älteren Version .* mit jener Version wiederherstellen"):
        call_command("restore", str(archive), yes=True)
    assert Measure.objects.exists()


def test_an_archive_of_the_other_database_engine_is_refused(portal, tmp_path):
    archive = tmp_path / "andere.tar"
    other = "sqlite3" if connection.vendor == "postgresql" else "postgresql"
    write_archive(archive, ("manifest.json", manifest_of(other)))
    with pytest.raises(CommandError, match=f"enthält eine {other}-Datenbank; sie kann nicht in"):
        call_command("restore", str(archive), yes=True)
    assert Measure.objects.exists()
