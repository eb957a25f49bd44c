"""The implementation report (Umsetzungsbericht): the year's selected measures as of a reference date,
on a page, as a PDF, as the annex of a Mitteilungsvorlage and from the command line."""

import datetime
import re
import shutil
import subprocess  # nosec B404  # runs poppler's pdftotext on a PDF the test made
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplan.models import ActionPlan, Measure
from integration_portal.jobs.models import Job
from papers.models import CouncilPaper, ReferenceScheme
from papers.services import paper_change_status
from steering.models import Comment
from steering.report import implementation_report

from ..factories import (
    ActionPlanFactory,
    AdoptedMeasureFactory,
    FieldOfActionFactory,
    IndicatorFactory,
    MeasureFactory,
    ProgressReportFactory,
)
from ..job_downloads import job_of
from ..job_queue import run_queue
from ..papers.pdftext import reader
from ..queries import count_queries
from ..validation import refusals
from .factories import AnnualSelectionFactory, CommentFactory, IndicatorCheckFactory

AS_OF = datetime.date(2026, 6, 30)
REPORT_URL = reverse("steering:report")
PDF_URL = reverse("steering:report_pdf")
QUERY = {"year": 2026, "as_of": "2026-06-30"}


def pdf_text(pdf):
    pdftotext = shutil.which("pdftotext") or pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    text = subprocess.run([pdftotext, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603  # nosec B603
    return re.sub(r"\s+", " ", text)


def report_part(response):
    """The page without its per-request parts (the CSRF token of the logout form)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def backdate(model, obj, when):
    """Move the creation of `obj` (and its history rows) to `when`: records from before the reference date."""
    model.objects.filter(pk=obj.pk).update(created=when)
    if hasattr(model, "history"):
        model.history.filter(id=obj.pk).update(history_date=when)


@pytest.fixture
def plan_2026(district):
    """An adopted plan with two fields; three measures selected for 2026, one not selected."""
    plan = ActionPlanFactory(district=district, title="Integration im Fokus", period_start=2025)
    language = FieldOfActionFactory(district=district, plan=plan, name="Sprache", order=1)
    work = FieldOfActionFactory(district=district, plan=plan, name="Arbeit", order=2)
    courses = MeasureFactory(
        district=district, challenge__field=language, text="Transparenz der Sprachkurs-Landschaft", status="planned"
    )
    mentors = MeasureFactory(
        district=district, challenge__field=language, text="Sprachpatenschaften ausbauen", status="in_progress"
    )
    jobs = MeasureFactory(
        district=district, challenge__field=work, text="Beratung zur Anerkennung von Abschlüssen", status="existing"
    )
    MeasureFactory(district=district, challenge__field=work, text="Nicht ausgewählte Maßnahme", status="planned")
    for measure in (courses, mentors, jobs):
        backdate(Measure, measure, at(datetime.date(2025, 10, 1)))
        AnnualSelectionFactory(district=district, measure=measure, year=2026, decision_date=datetime.date(2025, 11, 20))
    offers = IndicatorFactory(district=district, measure=courses, text="Kursangebote erfasst", unit="Kurse", target=12)
    IndicatorFactory(district=district, measure=courses, text="Übersicht veröffentlicht")
    IndicatorCheckFactory(
        district=district, indicator=offers, date=datetime.date(2026, 3, 1), status="in_progress", actual=Decimal(5)
    )
    IndicatorCheckFactory(
        district=district, indicator=offers, date=datetime.date(2026, 6, 1), status="achieved", actual=Decimal(13)
    )
    ProgressReportFactory(
        district=district, measure=courses, date=datetime.date(2026, 4, 2), text="Sachstand: Abfrage bei Trägern läuft"
    )
    remark = CommentFactory(district=district, measure=jobs, text="Bitte Wartezeiten der Beratung nennen")
    backdate(Comment, remark, at(datetime.date(2026, 5, 5)))
    return {"plan": plan, "courses": courses, "mentors": mentors, "jobs": jobs, "offers": offers}


@pytest.fixture
def scheme(district):
    return ReferenceScheme.objects.create(district=district, pattern="VO/{year}/{seq}")


def report_pdf_text(district, path, year=2026, as_of="2026-06-30"):
    call_command("implementation_report", district=district.slug, year=year, as_of=as_of, output=str(path))
    return pdf_text(path.read_bytes())


def test_the_page_shows_the_selected_measures_per_field_with_their_figures(steering_client, plan_2026):
    page = steering_client.get(REPORT_URL, QUERY).content.decode()
    assert page.index(">Sprache<") < page.index(">Arbeit<")
    for text in (
        "Transparenz der Sprachkurs-Landschaft",
        "Sprachpatenschaften ausbauen",
        "Beratung zur Anerkennung von Abschlüssen",
        "Sachstand: Abfrage bei Trägern läuft",
        "Bitte Wartezeiten der Beratung nennen",
        "30.06.2026",
    ):
        assert text in page
    assert "Nicht ausgewählte Maßnahme" not in page
    # The target against the latest actual value on or before the reference date, and its result.
    assert "<td>12 Kurse</td><td>erreicht: 13 Kurse (01.06.2026)</td>" in page
    assert "Für 2026 hat die Steuerungsgruppe 3 Maßnahmen ausgewählt" in page
    assert "Von ihren 2 Indikatoren ist 1 erreicht (50 %)" in page


def test_the_charts_are_accessible_svg_with_the_numbers_in_a_table(steering_client, plan_2026):
    page = steering_client.get(REPORT_URL, QUERY).content.decode()
    charts = re.findall(r'<svg class="report-chart" role="img" aria-labelledby="([^"]+)"', page)
    assert len(charts) == 2
    assert '<title id="chart-status-title">Ausgewählte Maßnahmen nach Status je Handlungsfeld</title>' in page
    assert re.search(r'<desc id="chart-status-desc">Sprache: 2 Maßnahmen \(geplant: 1, in Umsetzung: 1\)', page)
    # Each status has its own pattern, so the chart reads without colour.
    assert 'fill="url(#chart-status-planned)"' in page and 'fill="url(#chart-status-in_progress)"' in page
    table = page[page.index("Ausgewählte Maßnahmen nach Status</caption>") :]
    assert re.search(r"<th scope=\"row\">Alle Handlungsfelder</th>(<td>\d+</td>){5}<td>3</td>", table)


def test_the_figures_are_as_of_the_reference_date(steering_client, plan_2026, district, tmp_path):
    before_page = report_part(steering_client.get(REPORT_URL, QUERY))
    before_pdf = report_pdf_text(district, as_of="2026-06-30", path=tmp_path / "before.pdf")
    # Later: new checks, a status change, a report and a remark, all after the reference date.
    offers = plan_2026["offers"]
    IndicatorCheckFactory(district=district, indicator=offers, date=datetime.date(2026, 9, 1), status="not_achieved")
    for indicator in plan_2026["courses"].indicators.all():
        IndicatorCheckFactory(
            district=district, indicator=indicator, date=datetime.date(2026, 10, 1), status="achieved"
        )
    mentors = plan_2026["mentors"]
    mentors.status = Measure.Status.COMPLETED
    mentors.save()
    ProgressReportFactory(district=district, measure=mentors, date=datetime.date(2026, 9, 9), text="Später berichtet")
    CommentFactory(district=district, measure=mentors, text="Spätere Bemerkung")
    after_page = report_part(steering_client.get(REPORT_URL, QUERY))
    assert after_page == before_page
    assert report_pdf_text(district, as_of="2026-06-30", path=tmp_path / "after.pdf") == before_pdf
    # The report of a later date shows them.
    later = steering_client.get(REPORT_URL, {"year": 2026, "as_of": "2026-10-31"}).content.decode()
    assert "Später berichtet" in later and "abgeschlossen" in later
    assert "Von ihren 2 Indikatoren sind 2 erreicht (100 %)" in later


def test_a_measure_status_is_read_from_its_history(plan_2026, district):
    courses = plan_2026["courses"]
    courses.status = Measure.Status.COMPLETED
    courses.save()
    Measure.history.filter(id=courses.pk, status="completed").update(history_date=at(datetime.date(2026, 8, 1)))
    statuses = {
        day: {
            item.measure.pk: item.status
            for field in implementation_report(district=district, year=2026, as_of=day).fields
            for item in field.measures
        }
        for day in (AS_OF, datetime.date(2026, 8, 2))
    }
    assert statuses[AS_OF][courses.pk] == "planned"
    assert statuses[datetime.date(2026, 8, 2)][courses.pk] == "completed"


def test_the_report_is_read_with_a_fixed_number_of_queries(plan_2026, district):
    with count_queries() as few:
        implementation_report(district=district, year=2026, as_of=AS_OF)
    field = plan_2026["courses"].challenge.field
    for n in range(6):
        measure = MeasureFactory(district=district, challenge__field=field)
        AnnualSelectionFactory(district=district, measure=measure)
        IndicatorCheckFactory(district=district, indicator=IndicatorFactory(district=district, measure=measure))
        ProgressReportFactory(district=district, measure=measure, date=datetime.date(2026, 2, n + 1))
    with count_queries() as many:
        report = implementation_report(district=district, year=2026, as_of=AS_OF)
    assert report.measure_count == 9
    assert len(many) == len(few) == 8


def test_a_year_without_selected_measures_says_so(steering_client, plan_2026, district, tmp_path):
    page = steering_client.get(REPORT_URL, {"year": 2027, "as_of": "2027-03-01"}).content.decode()
    assert "Für 2027 wurden bis zum Stichtag keine Maßnahmen ausgewählt." in page
    assert "<svg" not in page
    text = report_pdf_text(district, year=2027, as_of="2027-03-01", path=tmp_path / "empty.pdf")
    assert "Für 2027 wurden bis zum Stichtag keine Maßnahmen ausgewählt." in text


def test_the_command_writes_the_report_as_pdf_with_vector_charts(plan_2026, district, tmp_path):
    path = tmp_path / "bericht.pdf"
    call_command("implementation_report", district=district.slug, year=2026, as_of="2026-06-30", output=str(path))
    pdf = path.read_bytes()
    text = pdf_text(pdf)
    for expected in (
        "Umsetzungsbericht 2026",
        "Stichtag: 30.06.2026",
        "Transparenz der Sprachkurs-Landschaft",
        "Kursangebote erfasst",
        "Sachstand: Abfrage bei Trägern läuft",
        "Bitte Wartezeiten der Beratung nennen",
        "Ausgewählte Maßnahmen nach Status je Handlungsfeld",
        "Alle Handlungsfelder",
    ):
        assert expected in text
    assert "Nicht ausgewählte Maßnahme" not in text
    # The charts are drawn, not pictures.
    assert all(not page.images for page in reader(pdf).pages)


def test_the_command_refuses_an_unknown_district_and_a_bad_date(district):
    with pytest.raises(CommandError, match="Unbekannter Kreis „nirgendwo“"):
        call_command("implementation_report", district="nirgendwo", year=2026, output="-")
    with pytest.raises(CommandError, match="ist kein Datum"):
        call_command("implementation_report", district=district.slug, year=2026, as_of="30.06.2026", output="-")


def test_who_may_see_the_page(client, committee_user, other_kit_user, plan_2026):
    assert client.get(REPORT_URL, QUERY).status_code == 302
    client.force_login(committee_user)
    assert "Transparenz der Sprachkurs-Landschaft" in client.get(REPORT_URL, QUERY).content.decode()
    # Another district's user gets their own district's report: none of these measures.
    client.force_login(other_kit_user)
    page = client.get(REPORT_URL, QUERY).content.decode()
    assert "Transparenz der Sprachkurs-Landschaft" not in page and "keine Maßnahmen ausgewählt" in page


def _download_text(client, job):
    response = client.get(reverse("job_result", kwargs={"pk": job.pk}))
    assert response["Content-Disposition"].endswith(
        f'filename="umsetzungsbericht-{job.params["year"]}-{job.params["as_of"]}.pdf"'
    )
    return pdf_text(b"".join(response.streaming_content))


def test_the_pdf_is_written_by_a_job_as_of_the_year_and_reference_date_asked_for(
    steering_client, plan_2026, district, queued_jobs, media_root, tmp_path, caplog
):
    caplog.set_level("INFO", logger="integration_portal.audit")
    job = job_of(steering_client.get(PDF_URL, QUERY))
    assert (job.params["year"], job.params["as_of"]) == (2026, "2026-06-30")
    page = steering_client.get(job.get_absolute_url()).content.decode()
    assert "Umsetzungsbericht 2026, Stand 30.06.2026 (PDF)" in page and "wartet" in page
    assert "Ergebnis herunterladen" not in page
    # Recorded while the job waits, dated after the Stichtag: not in the report as of the Stichtag.
    ProgressReportFactory(
        district=district, measure=plan_2026["mentors"], date=datetime.date(2026, 9, 9), text="Später berichtet"
    )

    run_queue()
    page = steering_client.get(job.get_absolute_url()).content.decode()
    assert "erledigt" in page and "Ergebnis herunterladen" in page
    text = _download_text(steering_client, job)
    assert "Umsetzungsbericht 2026" in text and "Stichtag: 30.06.2026" in text
    assert "Transparenz der Sprachkurs-Landschaft" in text and "Später berichtet" not in text
    assert text == report_pdf_text(district, as_of="2026-06-30", path=tmp_path / "command.pdf")
    lines = [record.getMessage() for record in caplog.records]
    assert any(
        line.startswith("event=steering_export user=steering-a") and "format=report-pdf" in line for line in lines
    )


def test_a_pdf_without_reference_date_keeps_the_default_of_the_day_it_was_asked_for(
    steering_client, plan_2026, media_root
):
    job = job_of(steering_client.get(PDF_URL, {"year": 2025}))
    assert job.params["as_of"] == "2025-12-31" and job.title == "Umsetzungsbericht 2025, Stand 31.12.2025 (PDF)"
    assert job.params["again"] == f"{PDF_URL}?year=2025&as_of=2025-12-31"
    assert "Stichtag: 31.12.2025" in _download_text(steering_client, job)


def test_a_bad_year_or_reference_date_for_the_pdf_leads_back_to_the_form(steering_client, plan_2026):
    response = steering_client.get(PDF_URL, {"year": 2026, "as_of": "2025-01-01"})
    assert response.url == f"{REPORT_URL}?year=2026&as_of=2025-01-01"
    assert not Job.objects.exists()


def test_the_pdfs_job_is_seen_by_who_reads_the_workspace_of_the_district(
    steering_client, committee_user, other_kit_user, plan_2026, media_root
):
    client = Client()
    assert client.get(PDF_URL, QUERY).url.startswith(reverse("login")) and not Job.objects.exists()
    job = job_of(steering_client.get(PDF_URL, QUERY))
    result = reverse("job_result", kwargs={"pk": job.pk})
    client.force_login(committee_user)
    assert client.get(job.get_absolute_url()).status_code == 200
    assert "Transparenz der Sprachkurs-Landschaft" in pdf_text(b"".join(client.get(result).streaming_content))
    client.force_login(other_kit_user)
    for url in (job.get_absolute_url(), f"{job.get_absolute_url()}status/", result):
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(result).status_code == 404


def test_a_failed_pdf_says_in_german_what_to_do_and_offers_the_same_report_again(
    steering_client, plan_2026, media_root, monkeypatch
):
    def broken(html, **options):
        raise OSError("No space left on device")

    monkeypatch.setattr("steering.exports.write_pdf", broken)
    job = job_of(steering_client.get(PDF_URL, QUERY))
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 3)
    page = steering_client.get(job.get_absolute_url()).content.decode()
    assert 'role="alert"' in page and "Bitte erneut versuchen" in page and "No space" not in page
    assert "wenden Sie sich an die IT Ihres Kreises" in page and str(job.pk) in page
    again = f"{PDF_URL}?year=2026&amp;as_of=2026-06-30"
    assert f'<a href="{again}">Erneut versuchen</a>' in page

    monkeypatch.undo()
    retried = job_of(steering_client.get(PDF_URL, QUERY))
    assert retried.pk != job.pk and "Transparenz der Sprachkurs-Landschaft" in _download_text(steering_client, retried)


def test_a_requester_who_lost_the_workspace_meanwhile_is_told_why(
    steering_client, steering_user, plan_2026, queued_jobs, media_root
):
    job = job_of(steering_client.get(PDF_URL, QUERY))
    steering_user.groups.clear()
    run_queue()
    job.refresh_from_db()
    assert job.state == "failed" and job.attempts == 1 and not job.result_file
    assert job.error_message.startswith("Der Bericht kann für Sie nicht mehr erstellt werden")


def test_kit_creates_the_paper_with_the_report_as_annex(kit_client, plan_2026, scheme, media_root):
    response = kit_client.post(reverse("steering:report_paper_create"), QUERY)
    paper = CouncilPaper.objects.get()
    assert response.url == reverse("admin:papers_councilpaper_change", args=[paper.pk])
    assert paper.paper_type == CouncilPaper.PaperType.COMMUNICATION
    assert paper.reference == f"VO/{timezone.localdate().year}/1"
    assert paper.status == CouncilPaper.Status.DRAFT
    assert "Für 2026 hat die Steuerungsgruppe 3 Maßnahmen ausgewählt" in paper.statement_of_facts
    detail = kit_client.get(paper.get_absolute_url()).content.decode()
    assert "Umsetzungsbericht 2026, Stand 30.06.2026" in detail
    pdf = kit_client.get(paper.get_pdf_url()).getvalue()
    text = pdf_text(pdf)
    assert "Mitteilungsvorlage" in text
    assert "Umsetzungsbericht 2026" in text and "Transparenz der Sprachkurs-Landschaft" in text
    assert "erreicht: 13 Kurse (01.06.2026)" in text
    assert all(not page.images for page in reader(pdf).pages)


def test_the_paper_is_public_only_once_released_and_never_for_other_districts(
    client, kit_client, kit_user, other_kit_user, plan_2026, scheme, media_root
):
    kit_client.post(reverse("steering:report_paper_create"), QUERY)
    paper = CouncilPaper.objects.get()
    client.logout()
    assert client.get(paper.get_pdf_url()).status_code == 404
    client.force_login(other_kit_user)
    assert client.get(paper.get_absolute_url()).status_code == 404
    assert client.get(paper.get_pdf_url()).status_code == 404
    for status in ("co_signing", "released"):
        paper = paper_change_status(paper=paper, status=status, user=kit_user)
    client.logout()
    text = pdf_text(client.get(paper.get_pdf_url()).getvalue())
    assert "Umsetzungsbericht 2026" in text and "Transparenz der Sprachkurs-Landschaft" in text


def test_the_steering_group_may_not_create_the_paper(steering_client, plan_2026, scheme):
    page = steering_client.get(REPORT_URL, QUERY).content.decode()
    assert "Umsetzungsbericht als Vorlage erstellen" not in page
    assert steering_client.post(reverse("steering:report_paper_create"), QUERY).status_code == 403
    assert not CouncilPaper.objects.exists()


def test_a_bad_year_or_reference_date_is_named_on_the_page(steering_client, plan_2026):
    response = steering_client.get(REPORT_URL, {"year": "zwanzig", "as_of": "30.06.2026x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte eine ganze Zahl eingeben." in page and "Bitte ein gültiges Datum eingeben." in page
    assert "Transparenz der Sprachkurs-Landschaft" not in page


def test_a_reference_date_before_the_reports_year_is_refused(steering_client, plan_2026):
    response = steering_client.get(REPORT_URL, {"year": 2026, "as_of": "2025-01-01"})
    assert response.status_code == 400
    assert "Der Stichtag darf nicht vor dem Berichtsjahr 2026 liegen." in response.content.decode()


def test_the_page_takes_the_same_number_of_queries_for_more_measures(steering_client, plan_2026, district):
    with count_queries() as few:
        steering_client.get(REPORT_URL, QUERY)
    field = plan_2026["courses"].challenge.field
    for _n in range(5):
        measure = MeasureFactory(district=district, challenge__field=field)
        AnnualSelectionFactory(district=district, measure=measure)
        IndicatorCheckFactory(district=district, indicator=IndicatorFactory(district=district, measure=measure))
    with count_queries() as many:
        page = steering_client.get(REPORT_URL, QUERY).content.decode()
    assert "Für 2026 hat die Steuerungsgruppe 8 Maßnahmen ausgewählt" in page
    assert len(many) == len(few)


def test_selections_of_a_version_replaced_during_the_year_stay_in_its_report(steering_client, district):
    old = AdoptedMeasureFactory(district=district, text="Maßnahme der ersetzten Fassung")
    AnnualSelectionFactory(district=district, measure=old)
    plan = old.challenge.field.plan
    plan.status = ActionPlan.Status.SUPERSEDED
    plan.save()
    revised = AdoptedMeasureFactory(district=district, text="Maßnahme der neuen Fassung")
    AnnualSelectionFactory(district=district, measure=revised)
    page = steering_client.get(REPORT_URL, QUERY).content.decode()
    assert "Maßnahme der ersetzten Fassung" in page and "Maßnahme der neuen Fassung" in page


def test_while_no_plan_is_adopted_the_draft_covering_the_year_is_reported(steering_client, district):
    measure = MeasureFactory(district=district, challenge__field__plan__status="draft", text="Maßnahme im Entwurf")
    AnnualSelectionFactory(district=district, measure=measure)
    page = steering_client.get(REPORT_URL, QUERY).content.decode()
    assert "Maßnahme im Entwurf" in page and "– Entwurf" in page
    # Once a plan covering the year is adopted, the report reads that plan only.
    adopted = AdoptedMeasureFactory(district=district, text="Maßnahme des beschlossenen Plans")
    AnnualSelectionFactory(district=district, measure=adopted)
    page = steering_client.get(REPORT_URL, QUERY).content.decode()
    assert "Maßnahme des beschlossenen Plans" in page and "Maßnahme im Entwurf" not in page


def test_a_paper_names_both_year_and_reference_date_of_its_report_or_neither(district):
    paper = CouncilPaper(district=district, title="Bericht", date=AS_OF, lead_unit="KIT", annex_report_year=2026)
    assert refusals(paper, exclude=["reference"])["annex_report_as_of"] == [
        "Bitte Jahr und Stichtag des Umsetzungsberichts angeben oder beides leer lassen."
    ]
