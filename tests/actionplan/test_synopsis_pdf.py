"""The Synopse as a PDF and through the command `plan_synopsis`: what it says, read with pdftotext."""

import io
import re
import shutil
import subprocess

import pikepdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from actionplan.synopsis.jobs import SYNOPSIS_PDF
from actionplan.synopsis.pdf import synopsis_pdf
from actionplan.synopsis.selectors import comparison_among
from integration_portal.jobs.models import Job

from .synopsis_scenario import NOTES, adopted_plan, revised_with_each_change


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it, with runs of white space (also thin spaces) as one space."""
    command = [shutil.which("pdftotext"), "-", "-"]
    text = subprocess.run(command, input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603
    return re.sub(r"[\s\u2009]+", " ", text)


@pytest.fixture
def scenario(district):
    plan = adopted_plan(district)
    return plan, revised_with_each_change(plan)


def scenario_pdf(plan, draft):
    comparison = comparison_among(plans=type(plan).objects.all(), pk=draft.pk)
    return synopsis_pdf(plan=comparison.plan, new=comparison.new, synopsis=comparison.synopsis)


@pytest.mark.django_db
def test_the_pdf_has_two_columns_per_field_and_names_each_change(scenario):
    text = pdf_text(scenario_pdf(*scenario))
    assert text.count("bisherige Fassung: Fassung 1 (beschlossen) neue Fassung: Fassung 2 (Entwurf)") == 2
    for note in NOTES:
        assert text.count(note) == 1, note


@pytest.mark.django_db
def test_changed_words_are_bracketed_and_named_in_the_text(scenario):
    text = pdf_text(scenario_pdf(*scenario))
    assert "[− Drei] Sprachkurse pro Jahr für Eltern anbieten" in text
    assert "[+ Vier] Sprachkurse pro Jahr für Eltern anbieten" in text
    assert "[+ Lernpatenschaften in Rendsburg vermitteln]" in text


@pytest.mark.django_db
def test_unchanged_measures_take_one_line_each(scenario):
    text = pdf_text(scenario_pdf(*scenario))
    assert text.count("Bewerbungstraining im Jobcenter (unverändert)") == 1


@pytest.mark.django_db
def test_the_pdf_is_tagged_in_german_with_scoped_headers_and_marks_the_draft(scenario):
    with pikepdf.open(io.BytesIO(scenario_pdf(*scenario))) as document:
        assert str(document.Root.Lang) == "de"
        assert document.Root.MarkInfo.Marked
        assert str(document.open_metadata().get("dc:title")) == "Synopse: Integration im Fokus (Entwurf)"
        headers = [element for element in _elements(document.Root.StructTreeRoot) if element.S == "/TH"]
        assert len(headers) == 4
        assert all(header.A.Scope == pikepdf.Name.Column for header in headers)
        tables = [element for element in _elements(document.Root.StructTreeRoot) if element.S == "/Table"]
        assert len(tables) == 2


def _elements(parent):
    pending = [parent]
    while pending:
        element = pending.pop()
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                pending.append(kid)


@pytest.mark.django_db
def test_the_command_writes_the_draft_against_the_adopted_version(scenario, tmp_path, capsys):
    adopted, draft = scenario
    output = tmp_path / "synopse.pdf"
    call_command("plan_synopsis", "--district", adopted.district.slug, "--plan", adopted.pk, "-o", str(output))
    text = pdf_text(output.read_bytes())
    assert "Maßnahme aufgeteilt: in 2 Maßnahmen; Text" in text
    assert "Synopse von Fassung 1 (beschlossen) und Fassung 2 (Entwurf)" in capsys.readouterr().err


@pytest.mark.django_db
def test_the_command_compares_the_versions_it_is_given(scenario, tmp_path):
    adopted, draft = scenario
    output = tmp_path / "synopse.pdf"
    call_command(
        "plan_synopsis",
        "--district",
        adopted.district.slug,
        "--plan",
        draft.pk,
        "--from",
        "2",
        "--to",
        "1",
        "-o",
        str(output),
    )
    text = pdf_text(output.read_bytes())
    assert "bisherige Fassung: Fassung 2 (Entwurf) neue Fassung: Fassung 1 (beschlossen)" in text
    with pytest.raises(CommandError, match=r"hat keine Fassung 3 \(ihre Fassungen: 1, 2\)"):
        call_command(
            "plan_synopsis", "--district", adopted.district.slug, "--plan", draft.pk, "--to", "3", "-o", str(output)
        )


@pytest.mark.django_db
def test_the_command_says_clearly_when_the_plan_has_one_version(district, tmp_path):
    plan = adopted_plan(district)
    output = tmp_path / "synopse.pdf"
    with pytest.raises(CommandError, match="hat nur eine Fassung: Es gibt keine Synopse"):
        call_command("plan_synopsis", "--district", district.slug, "--plan", plan.pk, "-o", str(output))
    assert not output.exists()


@pytest.mark.django_db
def test_the_pdf_is_written_by_a_job_and_offered_to_who_may_read_the_draft(kit_client, other_kit_user, scenario):
    _adopted, draft = scenario
    pdf_url = f"/districts/{draft.district.slug}/plans/{draft.pk}/synopsis/pdf/"
    response = kit_client.get(pdf_url)
    job = Job.objects.get(kind=SYNOPSIS_PDF)
    assert job.state == Job.State.DONE
    result_url = reverse("job_result", kwargs={"pk": job.pk})
    assert response.status_code == 302
    download = kit_client.get(result_url)
    text = pdf_text(b"".join(download.streaming_content))
    assert "Maßnahme aufgeteilt: in 2 Maßnahmen; Text" in text
    # The same content is written once: the next download gets the file at once.
    assert kit_client.get(pdf_url).url == result_url
    assert Job.objects.filter(kind=SYNOPSIS_PDF).count() == 1
    kit_client.force_login(other_kit_user)
    assert kit_client.get(result_url).status_code == 404
