"""The demo data carries the Ostholstein process of seed 000 in full and the Germersheim structure of seed 003."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from actionplan.models import CrossCuttingTheme, FieldOfAction
from integration_portal.management.commands.setup_demo import DEMO_FIXTURES
from participation.models import Format, ParticipationProcess, Survey, survey_missing_translations

ROOT = Path(__file__).resolve().parents[2]
RESERVED = range(50000, 60000)


@pytest.fixture
def demo_data(db):
    call_command("loaddata", *DEMO_FIXTURES, verbosity=0)


def test_actionplan_rows_use_the_reserved_keys():
    rows = json.loads((ROOT / "fixtures/demo_participation.json").read_text(encoding="utf-8"))
    assert "demo_participation" in DEMO_FIXTURES
    foreign = [(row["model"], row["pk"]) for row in rows if row["model"].startswith("actionplan.")]
    assert foreign and all(pk in RESERVED for _model, pk in foreign)


def test_ostholstein_process_in_full(demo_data):
    process = ParticipationProcess.objects.get(title="Ostholstein auf dem Weg zum Integrationskonzept")
    formats = list(process.formats.all())
    assert [f.title for f in formats] == [
        "Zukunftskonferenz – Ostholstein auf dem Weg zum Integrationskonzept",
        "Integrationspanels Runde I",
        "Ehrenamtsbeteiligung",
        "Öffentlichkeitsbeteiligung: Online-Umfrage",
        "Integrationspanels Runde II",
    ]
    conference, panels, volunteers, survey_format, panels_two = formats
    assert conference.start == datetime.date(2025, 3, 25) and conference.invited == 75
    assert [f.text for f in conference.findings.all()] == [
        "mehr Lösungen aus einer Hand (One-Stop-Shop)",
        "verstärkte Kooperation der einzelnen Institutionen",
        "Menschen helfen Menschen",
        "mehr Digitalisierung",
        "Bürokratieabbau",
    ]
    assert (panels.round, panels.start, panels.end, panels.attending) == (
        "I",
        datetime.date(2025, 5, 5),
        datetime.date(2025, 5, 23),
        150,
    )
    assert len(panels.topic_list) == 10 and "Deutsch lernen" in panels.topic_list
    assert (volunteers.kind, volunteers.start, volunteers.place) == (
        Format.Kind.VOLUNTEER_EVENT,
        datetime.date(2025, 5, 24),
        "Bungsberg",
    )
    assert (panels_two.round, panels_two.date_note) == ("II", "Herbst 2025")
    survey = Survey.objects.get(format=survey_format)
    assert survey.is_open()
    assert survey_missing_translations(survey) == {}


def test_germersheim_themes_cross_cutting_themes_and_working_groups(demo_data):
    process = ParticipationProcess.objects.get(district__slug="germersheim")
    fields = FieldOfAction.objects.filter(district__slug="germersheim").values_list("name", flat=True)
    assert list(fields) == [
        "Sprache und Bildung",
        "Ausbildung, Beruf, Arbeit",
        "Gesundheit und Beratung",
        "Behördenzusammenarbeit Interkulturelle Öffnung",
        "Antidiskriminierung, Teilhabe, Empowerment",
        "Wohnen und Mobilität",
    ]
    themes = CrossCuttingTheme.objects.filter(district__slug="germersheim").values_list("name", flat=True)
    assert list(themes) == ["Beteiligung", "Ehrenamt", "Interkulturelle Öffnung", "Antidiskriminierung", "Frauen"]
    groups = process.formats.filter(kind=Format.Kind.WORKING_GROUP).values_list("title", flat=True)
    assert "Arbeitsgruppe Wohnen und Mobilität" in groups and "Arbeitskreis Integration" in groups
    assert "Fortschreibung Integrationskonzept, 3. Workshop-Runde" in groups


def test_demo_public_page_and_report(client, demo_data):
    process = ParticipationProcess.objects.get(title="Ostholstein auf dem Weg zum Integrationskonzept")
    html = client.get(process.get_absolute_url()).content.decode()
    assert "Was bisher geschah" in html and "Bungsberg" in html and "Ihre Meinung ist gefragt" in html
