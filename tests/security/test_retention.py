"""What is kept only for a while: failed-login records with client addresses (30 days), expired sessions,
and import files waiting for confirmation (0600, deleted on confirmation, cancellation or after an hour)."""

import os
import stat
import time
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplan import exports
from integration_portal import pending_uploads

from ..actionplan.excel_helpers import xlsx_file
from .test_login import WRONG, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    return settings.IMPORT_UPLOAD_DIR


def purge(*args):
    out = StringIO()
    call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


def test_failed_login_addresses_are_deleted_after_thirty_days(kit_user):
    for number in range(3):
        login(Client(), kit_user.username, WRONG, address=f"203.0.113.{number}")
    AccessAttempt.objects.filter(ip_address="203.0.113.0").update(attempt_time=timezone.now() - timedelta(days=31))
    AccessAttempt.objects.filter(ip_address="203.0.113.1").update(attempt_time=timezone.now() - timedelta(days=29))
    assert "Gelöscht: 1 Anmeldeeinträge" in purge()
    assert sorted(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.1", "203.0.113.2"]


def test_the_retention_is_a_setting(kit_user, settings):
    settings.LOGIN_RECORD_RETENTION_DAYS = 7
    login(Client(), kit_user.username, WRONG)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(days=8))
    purge()
    assert not AccessAttempt.objects.exists()


def test_expired_sessions_are_cleared(upload_dir):
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.set_expiry(-60)
    expired.create()
    assert "1 abgelaufene Sitzungen" in purge()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


@pytest.fixture
def preview(demo_plan, demo_client, upload_dir):
    """An uploaded file waiting on the preview page: (client, url, path of the waiting file)."""
    header, rows = exports.plan_rows(demo_plan)
    rows[0][2] += " (geändert)"
    url = reverse("admin:actionplan_import", args=[demo_plan.pk])
    response = demo_client.post(url, {"file": SimpleUploadedFile("plan.xlsx", xlsx_file([header, *rows]))})
    assert response.status_code == 200 and response.context["token"]
    (waiting,) = upload_dir.iterdir()
    return demo_client, url, waiting, response.context["token"]


def test_a_waiting_import_file_is_readable_by_its_owner_only(preview, upload_dir):
    _client, _url, waiting, _token = preview
    assert stat.S_IMODE(waiting.stat().st_mode) == 0o600
    assert stat.S_IMODE(upload_dir.stat().st_mode) == 0o700


def test_confirming_deletes_the_waiting_file(preview, upload_dir):
    client, url, waiting, token = preview
    assert client.post(url, {"confirm": "1", "token": token}).status_code == 302
    assert not waiting.exists()


def test_cancelling_deletes_the_waiting_file(preview):
    client, url, waiting, token = preview
    response = client.post(url, {"cancel": "1", "token": token}, follow=True)
    assert "Der Import wurde abgebrochen" in response.content.decode()
    assert not waiting.exists()
    # Nothing is left to confirm.
    late = client.post(url, {"confirm": "1", "token": token}, follow=True)
    assert "Bitte wählen Sie die Datei erneut" in late.content.decode()


def test_after_an_hour_the_file_is_refused_and_deleted(preview):
    client, url, waiting, token = preview
    an_hour_ago = time.time() - 3601
    os.utime(waiting, (an_hour_ago, an_hour_ago))
    response = client.post(url, {"confirm": "1", "token": token}, follow=True)
    assert "Bitte wählen Sie die Datei erneut" in response.content.decode()
    assert not waiting.exists()


def test_the_cleanup_removes_what_a_killed_import_left_and_keeps_recent_uploads(preview, upload_dir):
    _client, _url, waiting, _token = preview
    # An import killed after writing its file (and a half-written file) leaves them behind.
    left = [upload_dir / "abgebrochen.xlsx", upload_dir / "halb.part"]
    for path in left:
        path.write_bytes(b"PK")
        os.utime(path, (time.time() - 3700, time.time() - 3700))
    assert "2 Importdateien" in purge()
    assert not any(path.exists() for path in left)
    assert waiting.exists()  # less than an hour old: still waiting for its confirmation


def test_a_folder_of_another_user_is_refused(settings, tmp_path):
    # e.g. made up beforehand by another user in a shared /tmp; "/" belongs to root.
    settings.IMPORT_UPLOAD_DIR = "/"
    if os.getuid() == 0:
        settings.IMPORT_UPLOAD_DIR = tmp_path / "fremd"
        settings.IMPORT_UPLOAD_DIR.mkdir()
        os.chown(settings.IMPORT_UPLOAD_DIR, 65534, 65534)
    with pytest.raises(ImproperlyConfigured, match="own user"):
        pending_uploads.store(b"data", "plan.csv")
