"""A large import runs as a job: the same upload is never written twice, whatever runs again."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplan import exports, imports, jobs
from actionplan.imports import writing
from actionplan.models import AppliedImport, Measure
from integration_portal import pending_uploads, roles
from integration_portal.jobs import services as job_services
from integration_portal.jobs.models import Job

from ..factories import ActionPlanFactory, UserFactory
from ..job_queue import start_worker, stop_worker, worker_environment
from .excel_helpers import LAYOUT, snapshot, xlsx_file

pytestmark = pytest.mark.django_db


def plan_rows(count):
    return [LAYOUT] + [
        [f"Feld {i % 3}", f"Problem {i}", f"Maßnahme {i}", "", "- Indikator", "Jobcenter", "geplant"]
        for i in range(count)
    ]


def measures_of(plan):
    return Measure.objects.filter(challenge__field__plan=plan)


def test_running_the_same_upload_again_writes_nothing_and_keeps_later_edits(district):
    plan = ActionPlanFactory(district=district)
    rows = plan_rows(5)
    first = imports.apply_import(plan=plan, rows=rows, token="upload-1", filename="plan.xlsx")
    assert first.created == 5
    # Somebody edits a measure after the import; a job run again must not set it back.
    measure = measures_of(plan).get(text="Maßnahme 0")
    measure.status = Measure.Status.COMPLETED
    measure.save()
    history_before = Measure.history.count()

    again = imports.apply_import(plan=plan, rows=rows, token="upload-1", filename="plan.xlsx")

    assert again.already_applied
    assert (again.created, again.changed) == (5, 0)  # the summary of the write that happened
    measure.refresh_from_db()
    assert measure.status == Measure.Status.COMPLETED
    assert Measure.history.count() == history_before
    assert AppliedImport.objects.get().filename == "plan.xlsx"


def test_a_crash_inside_the_write_leaves_nothing_and_the_next_run_imports_once(district, monkeypatch):
    plan = ActionPlanFactory(district=district)
    rows = plan_rows(4)

    def crash(self, rows):
        raise RuntimeError("worker killed")

    with monkeypatch.context() as patch:
        patch.setattr(writing._Writer, "_write_responsibilities", crash)
        with pytest.raises(RuntimeError):
            imports.apply_import(plan=plan, rows=rows, token="upload-2")
    assert not measures_of(plan).exists()
    assert not AppliedImport.objects.exists()

    result = imports.apply_import(plan=plan, rows=rows, token="upload-2")

    assert result.created == 4 and not result.already_applied
    assert measures_of(plan).count() == 4
    assert AppliedImport.objects.get().created_count == 4


def test_an_invalid_file_is_not_recorded_so_nothing_claims_it_was_imported(district):
    plan = ActionPlanFactory(district=district)
    rows = plan_rows(3)
    rows[2][6] = "vielleicht"

    result = imports.apply_import(plan=plan, rows=rows, token="upload-3")

    assert not result.analysis.is_valid
    assert not measures_of(plan).exists()
    assert not AppliedImport.objects.exists()


def test_progress_counts_the_rows_checked_then_the_write_steps(district):
    plan = ActionPlanFactory(district=district)
    heard = []

    imports.apply_import(plan=plan, rows=plan_rows(600), progress=lambda *report: heard.append(report))

    checking = [(done, total) for done, total, step in heard if step == imports.CHECKING]
    assert checking == [(250, 600), (500, 600), (600, 600)]
    writing_steps = [(done, total) for done, total, step in heard if step == imports.WRITING]
    assert writing_steps[-1] == (7, 7)


@pytest.fixture
def large(settings, tmp_path):
    """Imports of more than 5 rows run as jobs; waiting files in a folder of the test's own."""
    settings.IMPORT_JOB_THRESHOLD = 5
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    return settings.IMPORT_UPLOAD_DIR


def preview(client, plan, rows, name="plan.xlsx"):
    url = reverse("admin:actionplan_import", args=[plan.pk])
    response = client.post(url, {"file": SimpleUploadedFile(name, xlsx_file(rows))})
    assert response.status_code == 200
    return url, response


def confirm(client, plan, rows):
    url, response = preview(client, plan, rows)
    return client.post(url, {"confirm": "1", "token": response.context["token"]})


def test_a_large_import_shows_its_job_page_and_then_the_result(kit_client, district, large):
    plan = ActionPlanFactory(district=district)
    url, shown = preview(kit_client, plan, plan_rows(8))
    assert "Die Datei hat 8 Zeilen. Der Import läuft im Hintergrund" in shown.content.decode()
    assert not measures_of(plan).exists()  # the preview writes nothing

    confirmed = kit_client.post(url, {"confirm": "1", "token": shown.context["token"]})

    job = Job.objects.get()
    assert confirmed.status_code == 302 and confirmed["Location"] == job.get_absolute_url()
    page = kit_client.get(job.get_absolute_url()).content.decode()
    assert "Import in einen Aktionsplan" in page
    assert "Import abgeschlossen: 8 neue Maßnahmen, 0 geänderte Maßnahmen." in page
    result = kit_client.get(reverse("job_result", kwargs={"pk": job.pk}))
    assert result["Location"] == reverse("admin:actionplan_actionplan_change", args=[plan.pk])
    assert measures_of(plan).count() == 8
    assert (job.progress_done, job.progress_total) == (8, 8)
    assert list(large.iterdir()) == []  # the waiting file is deleted once the job is done


def test_a_small_import_is_written_at_once_without_a_job(kit_client, district, large):
    plan = ActionPlanFactory(district=district)
    url, shown = preview(kit_client, plan, plan_rows(5))
    assert "im Hintergrund" not in shown.content.decode()

    confirmed = kit_client.post(url, {"confirm": "1", "token": shown.context["token"]})

    assert confirmed["Location"] == reverse("admin:actionplan_actionplan_change", args=[plan.pk])
    assert measures_of(plan).count() == 5
    assert not Job.objects.exists()


def test_another_districts_staff_and_the_steering_group_cannot_see_the_import_job(
    kit_client, client, district, other_kit_user, steering_user, large
):
    plan = ActionPlanFactory(district=district)
    confirm(kit_client, plan, plan_rows(6))
    job = Job.objects.get()
    for outsider in (other_kit_user, steering_user):
        client.force_login(outsider)
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(reverse("job_result", kwargs={"pk": job.pk})).status_code == 404
    # Another KIT member of the district may follow it.
    colleague = UserFactory(username="kit-c", district=district, role=roles.KIT_STAFF)
    client.force_login(colleague)
    assert client.get(job.get_absolute_url()).status_code == 200


def test_a_row_that_fails_at_the_write_writes_nothing_and_the_page_names_it(demo_plan, demo_client, large):
    header, rows = exports.plan_rows(demo_plan)
    for row in rows:
        row[2] += " (überarbeitet)"  # every row changes
    url, shown = preview(demo_client, demo_plan, [header, *rows])
    assert shown.context["analysis"].counts["changed"] == 39
    # Between preview and confirmation somebody changes the measure of row 12 in the portal.
    measure = Measure.objects.get(pk=rows[10][7])
    measure.status = Measure.Status.PAUSED
    measure.save()
    before = snapshot(demo_plan)

    demo_client.post(url, {"confirm": "1", "token": shown.context["token"]})

    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    page = demo_client.get(job.get_absolute_url()).content.decode()
    assert "Es wurde nichts importiert" in page
    assert "Zeile 12, Spalte „Version“" in page
    assert snapshot(demo_plan) == before  # none of the 38 other rows was written
    assert list(large.iterdir()) == []


def test_a_job_run_again_after_its_completion_was_lost_imports_nothing_twice(kit_client, district, large):
    plan = ActionPlanFactory(district=district)
    confirm(kit_client, plan, plan_rows(7))
    job = Job.objects.get()
    measure = measures_of(plan).get(text="Maßnahme 3")
    measure.status = Measure.Status.COMPLETED
    measure.save()
    # The worker died after the write committed but before anything else was recorded: the job runs again.
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, step="")
    history_before = Measure.history.count()

    job_services.job_run(job_id=str(job.pk))

    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.step == "Import abgeschlossen: 7 neue Maßnahmen, 0 geänderte Maßnahmen."
    assert measures_of(plan).count() == 7
    measure.refresh_from_db()
    assert measure.status == Measure.Status.COMPLETED
    assert Measure.history.count() == history_before


def test_a_finished_job_delivered_again_does_nothing(kit_client, district, large):
    plan = ActionPlanFactory(district=district)
    confirm(kit_client, plan, plan_rows(6))
    job = Job.objects.get()
    before = snapshot(plan)

    job_services.job_run(job_id=str(job.pk))

    assert snapshot(plan) == before
    assert Job.objects.get().attempts == 1


def test_a_crash_in_the_first_attempt_is_retried_and_imports_once(kit_client, district, large, monkeypatch):
    plan = ActionPlanFactory(district=district)
    original = writing._Writer._write_indicators
    crashes = []

    def crash_once(self, rows):
        if not crashes:
            crashes.append(1)
            raise RuntimeError("worker lost its database connection")
        return original(self, rows)

    monkeypatch.setattr(writing._Writer, "_write_indicators", crash_once)

    confirm(kit_client, plan, plan_rows(6))

    job = Job.objects.get()
    assert job.state == Job.State.DONE and job.attempts == 2
    assert measures_of(plan).count() == 6
    assert AppliedImport.objects.get().created_count == 6


def wait_until(condition, *, timeout=120, message="timed out"):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_writing_leaves_nothing_and_the_next_worker_imports_once(
    district, kit_user, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_UPLOAD_DIR = tmp_path / "imports"
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = ActionPlanFactory(district=district)
    token = pending_uploads.store(xlsx_file(plan_rows(1500)), "plan.xlsx")
    environment = worker_environment(
        settings.MEDIA_ROOT,
        IMPORT_UPLOAD_DIR=str(settings.IMPORT_UPLOAD_DIR),
        JOBS_STALE_SECONDS="3",
        JOBS_HEARTBEAT_SECONDS="1",
        JOBS_REQUEUE_SECONDS="1",
    )
    worker = start_worker(environment, tmp_path / "worker-1.log")
    try:
        job = jobs.import_enqueue(plan=plan, user=kit_user, token=token, filename="plan.xlsx", row_count=1500)
        wait_until(
            lambda: Job.objects.get(pk=job.pk).step == "Wird in den Plan geschrieben", message="never started writing"
        )
        time.sleep(0.5)  # inside the write's transaction
    finally:
        stop_worker(worker)  # killed, as a crash would
    assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING
    assert not measures_of(plan).exists()  # the killed write left nothing

    worker = start_worker(environment, tmp_path / "worker-2.log")  # takes the job over once it is stale
    try:
        wait_until(lambda: Job.objects.get(pk=job.pk).is_finished, message="the job was not run again")
        # The upload goes once the write is committed, a moment after the job shows as done.
        wait_until(lambda: not any(settings.IMPORT_UPLOAD_DIR.iterdir()), message="the upload was not deleted")
    finally:
        stop_worker(worker)

    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.DONE, 2)
    assert job.step == "Import abgeschlossen: 1500 neue Maßnahmen, 0 geänderte Maßnahmen."
    assert measures_of(plan).count() == 1500
    assert AppliedImport.objects.filter(token=token).count() == 1
    assert list(settings.IMPORT_UPLOAD_DIR.iterdir()) == []


def test_a_failure_with_many_row_errors_names_the_first_and_counts_the_rest():
    analysis = imports.Analysis(
        plan=None, errors=[imports.RowError(row, "Status", "„vielleicht“ ist kein Status.") for row in range(2, 202)]
    )

    message = jobs._errors_message(analysis)

    assert message.startswith("Es wurde nichts importiert")
    assert "Zeile 2, Spalte „Status“: „vielleicht“ ist kein Status." in message
    shown = message.count("ist kein Status")
    assert message.endswith(f"… und {200 - shown} weitere.")
    assert len(message) <= 2000  # what the job keeps of its message
