"""The papers' PDFs are made by jobs: a save queues a draft's render, the download is a lookup, the job page
shows what is being made; releasing and results queue their PDFs; who sees which job."""

import pytest
from django.core.files.storage import default_storage

from actionplan.models import Measure
from integration_portal.jobs.models import Job
from papers import jobs as paper_jobs
from papers import pdf as paper_pdf
from papers import services
from papers.models import Consultation, CouncilPaper

from ..factories import build_plan
from ..job_queue import run_queue
from ..queries import count_queries
from .factories import make_paper
from .pdftext import page_texts, squeeze


@pytest.fixture
def render_counter(monkeypatch):
    """How often a PDF was laid out (WeasyPrint), whatever asked for it."""
    calls = []
    real = paper_pdf.html_to_pdf

    def counting(html, fetcher=None):
        calls.append(1)
        return real(html, fetcher)

    monkeypatch.setattr(paper_pdf, "html_to_pdf", counting)
    return calls


@pytest.fixture
def draft(district, django_capture_on_commit_callbacks):
    """A draft with a small plan as annex; creating it queued (and, here, ran) its first render."""
    with django_capture_on_commit_callbacks(execute=True):
        plan = build_plan(district=district, measures=2, fields=1)
        return make_paper(district=district, annex_plan=plan)


def _pdf_text(response):
    return squeeze("".join(page_texts(b"".join(response.streaming_content))))


def _edit_measures(plan, text):
    for measure in Measure.objects.filter(challenge__field__plan=plan):
        measure.text = text
        measure.save()


@pytest.fixture
def waiting_job(draft, queued_jobs, django_capture_on_commit_callbacks):
    """The job that renders the draft's PDF after an edit of its plan, queued and not run yet."""
    with django_capture_on_commit_callbacks(execute=True):
        _edit_measures(draft.annex_plan, "Noch nicht gerendert")
    return Job.objects.get(kind="paper_pdf", state="queued")


@pytest.mark.django_db
def test_a_save_that_changes_a_draft_renders_it_once_and_unchanged_content_never_again(
    draft, kit_client, render_counter, django_capture_on_commit_callbacks
):
    before = Job.objects.filter(kind="paper_pdf").count()
    with django_capture_on_commit_callbacks(execute=True):
        _edit_measures(draft.annex_plan, "Neue Maßnahme")
    # Two measures saved in one transaction: one job, one render.
    assert Job.objects.filter(kind="paper_pdf").count() == before + 1 and len(render_counter) == 1
    response = kit_client.get(draft.get_pdf_url())
    assert response.status_code == 200 and "NeueMaßnahme" in _pdf_text(response)

    with django_capture_on_commit_callbacks(execute=True):
        _edit_measures(draft.annex_plan, "Neue Maßnahme")  # saved again, nothing the PDF shows changed
    assert Job.objects.filter(kind="paper_pdf", state="done").count() == before + 2 and len(render_counter) == 1

    with django_capture_on_commit_callbacks(execute=True):
        _edit_measures(draft.annex_plan, "Geänderte Maßnahme")
    response = kit_client.get(draft.get_pdf_url())
    assert len(render_counter) == 2 and "GeänderteMaßnahme" in _pdf_text(response)
    # Only the current render stays in storage.
    assert len(default_storage.listdir(f"papers/drafts/{draft.district_id}")[1]) == 1


@pytest.mark.django_db
def test_the_download_is_a_lookup_and_never_renders(draft, kit_client, render_counter):
    with count_queries() as queries:
        response = kit_client.get(draft.get_pdf_url())
    assert response.status_code == 200 and render_counter == []
    # Session, user, the permission check of the paper's visibility (the user's and their groups' permissions in
    # one query), the paper with its PDF's state: no HTML is rendered to find the file.
    assert len(queries) == 4, queries


@pytest.mark.django_db
def test_a_draft_whose_pdf_is_not_ready_shows_the_job_page_and_offers_the_outdated_one(draft, kit_client, waiting_job):
    job = waiting_job
    response = kit_client.get(draft.get_pdf_url())
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = kit_client.get(job.get_absolute_url()).content.decode()
    assert f"PDF der Vorlage {draft.reference}" in page and "wartet" in page and "<progress" in page
    assert "Vorherige Fassung herunterladen (veraltet)" in page
    detail = kit_client.get(draft.get_absolute_url()).content.decode()
    assert "Das PDF wird mit den letzten Änderungen aktualisiert." in detail
    previous = kit_client.get(draft.get_pdf_url() + "?previous")
    assert previous.status_code == 200 and "Nochnichtgerendert" not in _pdf_text(previous)

    run_queue()
    assert "Nochnichtgerendert" in _pdf_text(kit_client.get(draft.get_pdf_url()))
    assert "aktualisiert" not in kit_client.get(draft.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_two_web_processes_asking_for_the_same_draft_queue_one_job(draft, queued_jobs):
    first = paper_jobs.draft_render_schedule(paper_ids=[draft.pk])[draft.pk]
    second = paper_jobs.draft_render_schedule(paper_ids=[draft.pk])[draft.pk]
    assert first.pk == second.pk and Job.objects.filter(state="queued").count() == 1


@pytest.mark.django_db
def test_releasing_never_renders_in_the_request_and_the_page_says_it_is_being_created(
    draft, kit_user, kit_client, queued_jobs, render_counter
):
    services.paper_change_status(paper=draft, status=CouncilPaper.Status.CO_SIGNING, user=kit_user)
    paper = services.paper_change_status(paper=draft, status=CouncilPaper.Status.RELEASED, user=kit_user)
    assert render_counter == [] and not paper.released_pdf
    assert "Das PDF wird erzeugt." in kit_client.get(paper.get_absolute_url()).content.decode()
    response = kit_client.get(paper.get_pdf_url())
    job = Job.objects.get(kind="paper_release_pdf")
    assert response["Location"] == job.get_absolute_url()

    run_queue()
    paper.refresh_from_db()
    assert len(render_counter) == 1 and len(paper.released_pdf_sha256) == 64
    assert "Das PDF wird erzeugt." not in kit_client.get(paper.get_absolute_url()).content.decode()
    frozen = kit_client.get(paper.get_pdf_url())
    assert frozen.status_code == 200 and "Entwurf" not in _pdf_text(frozen)


@pytest.mark.django_db
def test_a_decision_extract_is_written_by_a_job(district, kit_user, kit_client, queued_jobs):
    paper = make_paper(district=district, consultations=2)
    services.paper_change_status(paper=paper, status="co_signing", user=kit_user)
    services.paper_change_status(paper=paper, status="released", user=kit_user)
    decision = paper.consultations.get(role=Consultation.Role.DECISION)
    services.consultation_record_result(
        consultation=decision, outcome="unchanged", votes_yes=40, votes_no=2, abstentions=1, user=kit_user, path="admin"
    )
    run_queue()
    url = paper_jobs._extract_url(decision)
    response = kit_client.get(url)
    assert response.status_code == 200
    assert "ungeändertbeschlossen" in _pdf_text(response)


@pytest.mark.django_db
def test_only_who_may_see_the_paper_sees_its_job(
    draft, kit_client, client, committee_user, other_kit_user, queued_jobs
):
    kit_client.get(draft.get_pdf_url())
    job = Job.objects.get(kind="paper_pdf")
    url = job.get_absolute_url()
    client.force_login(committee_user)
    assert client.get(url).status_code == 200  # a member of the district's committees reads the draft
    client.force_login(other_kit_user)
    assert client.get(url).status_code == 404
    assert client.get(f"{url}status/").status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_job_page_works_without_javascript_and_takes_a_fixed_number_of_queries(draft, kit_client, waiting_job):
    job = waiting_job
    with count_queries() as queries:
        page = kit_client.get(job.get_absolute_url()).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert 'role="status"' in page and 'aria-live="polite"' in page
    assert '<label for="job-progress">Fortschritt</label>' in page and 'id="job-progress"' in page
    assert ">Aktualisieren</a>" in page and "js/job-progress.js" in page and "<script>" not in page
    status = kit_client.get(f"{job.get_absolute_url()}status/").json()
    assert status == {
        "state": "queued",
        "state_label": "wartet",
        "finished": False,
        "done": 0,
        "total": 0,
        "percent": 0,
        "step": "Beginnt, sobald die Hintergrundverarbeitung frei ist",
        "steps": "",
    }

    run_queue()
    with count_queries() as done_queries:
        page = kit_client.get(job.get_absolute_url()).content.decode()
    assert len(done_queries) == len(queries), done_queries
    assert "erledigt" in page and "Ergebnis öffnen" in page and "job-progress.js" not in page
    response = kit_client.get(f"{job.get_absolute_url()}result/")
    assert response.status_code == 302 and response["Location"] == draft.get_pdf_url()


@pytest.mark.django_db
def test_a_failed_render_says_in_german_what_to_do(draft, kit_client, monkeypatch, django_capture_on_commit_callbacks):
    def broken(html, fetcher=None):
        raise OSError("No space left on device")

    monkeypatch.setattr(paper_pdf, "html_to_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        _edit_measures(draft.annex_plan, "Kein Platz")
    response = kit_client.get(draft.get_pdf_url())
    job = Job.objects.filter(kind="paper_pdf").first()  # the newest
    assert response["Location"] == job.get_absolute_url() and (job.state, job.attempts) == ("failed", 3)
    page = kit_client.get(job.get_absolute_url()).content.decode()
    assert "Bitte erneut versuchen" in page and "wenden Sie sich an die IT Ihres Kreises" in page
    assert str(job.pk) in page and 'role="alert"' in page and "No space left" not in page
    assert "Erneut versuchen" in page
