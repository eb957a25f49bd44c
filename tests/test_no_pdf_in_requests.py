"""No web request lays out a PDF: every PDF link of the portal leads to a job's page, and the PDF engine runs
only when the queue runs that job. The tests run jobs at once inside the request that queues them, so here the
queue holds them (`queued_jobs`) until `run_queue()`: an engine call before that came from the request."""

import re
import shutil
import subprocess  # nosec B404  # runs poppler's pdftotext on a PDF the test made

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from weasyprint.document import Document

from actionplan.models import Measure
from integration_portal.jobs.models import Job
from papers import services as paper_services
from papers.models import Consultation

from .actionplan.synopsis_scenario import adopted_plan, revised_with_each_change
from .job_downloads import job_of
from .job_queue import run_queue
from .papers.factories import make_paper
from .papers.test_views import released
from .steering.factories import AnnualSelectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def layouts(monkeypatch):
    """Every PDF the engine writes, whoever asks (WeasyPrint's one way to a PDF: `Document.write_pdf`)."""
    written = []
    real = Document.write_pdf

    def recording(document, *args, **kwargs):
        written.append(document)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(Document, "write_pdf", recording)
    return written


def pdf_text(pdf: bytes) -> str:
    """What pdftotext reads, without white space: line breaks inside table cells do not matter."""
    pdftotext = shutil.which("pdftotext") or pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    text = subprocess.run([pdftotext, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603  # nosec B603
    return re.sub(r"\s+", "", text)


def _draft_paper(district, user):
    paper = make_paper(district=district, title="Zuwanderung: Aktionsplan")
    return paper.get_pdf_url(), "Zuwanderung: Aktionsplan"


def _released_paper(district, user):
    paper = released(make_paper(district=district, title="Freigegebene Vorlage"), user=user)
    return paper.get_pdf_url(), "Freigegebene Vorlage"


def _decision_extract(district, user):
    paper = released(make_paper(district=district, consultations=2), user=user)
    decision = paper.consultations.get(role=Consultation.Role.DECISION)
    paper_services.consultation_record_result(
        consultation=decision, outcome="unchanged", votes_yes=40, votes_no=2, abstentions=1, user=user, path="admin"
    )
    url = reverse("papers:extract_pdf", kwargs={"slug": district.slug, "pk": paper.pk, "consultation_pk": decision.pk})
    return url, "ungeändert beschlossen"


def _synopsis(district, user):
    draft = revised_with_each_change(adopted_plan(district))
    return reverse("actionplan:plan_synopsis_pdf", kwargs={"slug": district.slug, "pk": draft.pk}), "Maßnahme geändert"


def _report(district, user):
    plan = adopted_plan(district)
    measure = Measure.objects.filter(challenge__field__plan=plan).order_by("pk").first()
    AnnualSelectionFactory(district=district, measure=measure, year=2026)
    return reverse("steering:report_pdf") + "?year=2026&as_of=2026-06-30", measure.text


def _measure_list(district, user):
    adopted_plan(district)
    return reverse("steering:export_pdf") + "?q=Jobmesse", "Jobmesse für Zugewanderte"


# Each PDF the portal offers through a link: its URL name and how a test gets such a link and the PDF's words.
PDF_LINKS = {
    "papers:paper_pdf (draft)": _draft_paper,
    "papers:paper_pdf (released)": _released_paper,
    "papers:extract_pdf": _decision_extract,
    "actionplan:plan_synopsis_pdf": _synopsis,
    "steering:report_pdf": _report,
    "steering:export_pdf": _measure_list,
}


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", str(pattern.pattern)


def test_every_pdf_url_of_the_portal_is_checked_here():
    """A new PDF link (its name or its address says PDF) must be added to PDF_LINKS, and so be made by a job."""
    pdf_urls = {name for name, route in _url_names(get_resolver().url_patterns) if "pdf" in (name + route).lower()}
    assert pdf_urls == {name.split(" ")[0] for name in PDF_LINKS}


@pytest.mark.parametrize("link", PDF_LINKS)
def test_the_request_queues_the_pdf_and_only_the_job_lays_it_out(
    link, client, district, kit_user, queued_jobs, media_root, layouts
):
    url, words = PDF_LINKS[link](district, kit_user)
    client.force_login(kit_user)

    response = client.get(url)
    assert layouts == [], f"{url} laid out a PDF in the request"
    job = job_of(response)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "wartet" in page and "<progress" in page and layouts == []

    assert run_queue() >= 1 and layouts, "the job laid out no PDF"
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    page = client.get(job.get_absolute_url()).content.decode()
    assert "erledigt" in page and ("Ergebnis herunterladen" in page or "Ergebnis öffnen" in page)
    done = len(layouts)
    response = client.get(reverse("job_result", kwargs={"pk": job.pk}), follow=True)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert re.sub(r"\s+", "", words) in pdf_text(b"".join(response.streaming_content))
    assert len(layouts) == done, "the download laid the PDF out again"
