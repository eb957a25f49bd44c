"""The public page “Was bisher geschah”, the traceability report, documents, and a measure's findings."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from participation.selectors import findings_by_measure

from ..factories import AdoptedMeasureFactory
from ..queries import count_queries
from .factories import FindingFactory, FormatDocumentFactory, FormatFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def process_url(process):
    return process.get_absolute_url()


def trace_url(process):
    return reverse("participation:traceability", kwargs={"slug": process.district.slug, "pk": process.pk})


def test_public_page_shows_timeline_results_and_open_survey(client, district, process, traced):
    FormatFactory(
        district=district,
        process=process,
        kind="expert_panel",
        round="II",
        title="Integrationspanels Runde II",
        start=None,
        date_note="Herbst 2025",
    )
    survey = SurveyFactory(district=district, process=process)
    html = client.get(process_url(process)).content.decode()
    assert "Was bisher geschah" in html
    assert "Zukunftskonferenz" in html and "25.03.2025" in html and "75 eingeladen" in html
    assert "mehr Lösungen aus einer Hand (One-Stop-Shop)" in html
    assert "aufgegriffen in 1 Maßnahme:" in html and "Lotsenstelle im Kreishaus" in html
    assert "Herbst 2025" in html and "Runde II" in html
    assert reverse("participation:survey", kwargs={"language": "de", "pk": survey.pk}) in html
    # The timeline is in date order, undated formats last.
    assert html.index("Zukunftskonferenz") < html.index("Integrationspanels Runde II")
    # Visitors get no link to the internal report.
    assert trace_url(process) not in html


def test_closed_survey_is_not_offered(client, district, process):
    SurveyFactory(district=district, process=process, closes_on=datetime.date(2020, 1, 1), opens_on=None)
    assert "Ihre Meinung ist gefragt" not in client.get(process_url(process)).content.decode()


def test_non_public_process_is_for_the_district_only(client, district, process, other_kit_user, steering_user):
    process.is_public = False
    process.save()
    assert client.get(process_url(process)).status_code == 404
    client.force_login(other_kit_user)
    assert client.get(process_url(process)).status_code == 404
    client.force_login(steering_user)
    assert client.get(process_url(process)).status_code == 200


def test_public_page_uses_fixed_queries(client, district, process, traced):
    with count_queries() as small:
        client.get(process_url(process))
    for i in range(5):
        format_ = FormatFactory(district=district, process=process, title=f"Panel {i}")
        FormatDocumentFactory(district=district, format=format_, is_public=True)
        for _ in range(3):
            FindingFactory(district=district, format=format_).measures.add(AdoptedMeasureFactory(district=district))
    with count_queries() as big:
        client.get(process_url(process))
    assert len(small) == len(big) == 6


def test_traceability_report_by_field_and_format_with_share(client, process, traced, steering_user):
    client.force_login(steering_user)
    response = client.get(trace_url(process))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 von 2 Befunden in Maßnahmen aufgegriffen (50 %)." in html
    field = traced["measure"].challenge.field
    assert "Nach Handlungsfeld" in html and field.name in html
    assert "Noch keinem Handlungsfeld zugeordnet" in html
    assert "1 von 2 aufgegriffen, 50 %" in html
    assert "Offen: Wird im nächsten Aktionsplan geprüft." in html
    # A format of the participation, not a file format.
    assert '<th scope="col">Format</th>' in html and "Dateiformat" not in html
    # The measure lists the findings it answers (the reusable include).
    assert "Greift diese Befunde aus der Beteiligung auf:" in html


def test_traceability_report_is_internal(client, process, traced, committee_user, other_kit_user):
    assert client.get(trace_url(process)).status_code == 302  # to the login
    client.force_login(committee_user)
    assert client.get(trace_url(process)).status_code == 404
    client.force_login(other_kit_user)
    assert client.get(trace_url(process)).status_code == 404


def test_traceability_report_uses_fixed_queries(client, district, process, traced, kit_user):
    client.force_login(kit_user)
    with count_queries() as small:
        client.get(trace_url(process))
    for i in range(4):
        format_ = FormatFactory(district=district, process=process, title=f"Workshop {i}")
        for _ in range(3):
            finding = FindingFactory(district=district, format=format_)
            measure = AdoptedMeasureFactory(district=district)
            finding.measures.add(measure)
            finding.fields_of_action.add(measure.challenge.field)
    with count_queries() as big:
        client.get(trace_url(process))
    assert len(small) == len(big)
    assert len(big) <= 9, big  # session and user, then process, formats, findings, measures, fields, parents


def test_measure_findings_selector_and_include(district, process, traced, other_district):
    measure = traced["measure"]
    other = AdoptedMeasureFactory(district=district)
    second = FindingFactory(district=district, format=traced["conference"], text="verstärkte Kooperation")
    second.measures.add(measure, other)
    from django.contrib.auth.models import AnonymousUser

    with count_queries() as queries:
        found = findings_by_measure(user=AnonymousUser(), measure_ids=[measure.pk, other.pk])
        html = render_to_string(
            "participation/includes/measure_findings.html", {"findings": found[measure.pk]}
        ) + "".join(f.format.title for f in found[other.pk])
    assert len(queries) == 1  # the links with findings and formats; visible processes as a subquery
    assert [f.text for f in found[measure.pk]] == [
        "mehr Lösungen aus einer Hand (One-Stop-Shop)",
        "verstärkte Kooperation",
    ]
    assert [f.text for f in found[other.pk]] == ["verstärkte Kooperation"]
    assert "Greift diese Befunde aus der Beteiligung auf:" in html
    assert "mehr Lösungen aus einer Hand (One-Stop-Shop)" in html and "Zukunftskonferenz" in html
    assert render_to_string("participation/includes/measure_findings.html", {"findings": []}).strip() == ""
    # Findings of a non-public process stay hidden from visitors.
    process.is_public = False
    process.save()
    assert findings_by_measure(user=AnonymousUser(), measure_ids=[measure.pk]) == {}


def test_documents_are_served_after_a_permission_check(client, district, traced, kit_user, other_kit_user):
    internal = FormatDocumentFactory(district=district, format=traced["conference"], title="Protokoll intern")
    public = FormatDocumentFactory(district=district, format=traced["conference"], title="Ergebnisse", is_public=True)
    response = client.get(public.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Ergebnisse.pdf"' in response["Content-Disposition"]
    assert client.get(internal.get_absolute_url()).status_code == 404
    client.force_login(other_kit_user)
    assert client.get(internal.get_absolute_url()).status_code == 404
    client.force_login(kit_user)
    assert client.get(internal.get_absolute_url()).status_code == 200


def test_a_finding_shows_its_measures_as_a_short_linked_list_with_more(client, district, process, traced):
    finding = traced["taken"]
    more = [AdoptedMeasureFactory(district=district, challenge=traced["measure"].challenge) for _ in range(4)]
    finding.measures.add(*more)
    html = client.get(process_url(process)).content.decode()
    assert "aufgegriffen in 5 Maßnahmen:" in html
    shown, hidden = html.split("<details", 1)
    assert f'href="{traced["measure"].get_absolute_url()}"' in shown
    assert "2 mehr</summary>" in hidden
    for measure in more[2:]:
        assert f'href="{measure.get_absolute_url()}"' in hidden
