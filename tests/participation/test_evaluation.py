"""KIT staff and the steering group evaluate the survey: counts, shares, texts, exports, findings."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from participation.models import Finding, Format

from ..job_downloads import download_through_job
from ..pages import missing
from ..queries import count_queries
from .factories import FormatFactory, build_survey, respond

pytestmark = pytest.mark.django_db


def evaluation_url(survey, **params):
    url = reverse("participation:survey_evaluation", kwargs={"pk": survey.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_counts_and_shares_per_question_with_charts(client, steering_user, answered):
    client.force_login(steering_user)
    html = client.get(evaluation_url(answered["survey"])).content.decode()
    assert not missing(
        html,
        "9 Antworten insgesamt.",
        "Wie lange leben Sie schon im Kreis?",
        # 3 of 9 chose “weniger als 1 Jahr”: 33 %, shown as a number and as a bar of the same width.
        '<th scope="row">weniger als 1 Jahr</th><td>3</td><td>33 %</td>',
        'style="inline-size: 33%"',
        "Wunsch 4",
        "Mehrere Antworten möglich",
    )


def test_language_filter_hides_groups_of_fewer_than_five(client, steering_user, answered):
    client.force_login(steering_user)
    html = client.get(evaluation_url(answered["survey"], language="ar")).content.decode()
    assert "Weniger als 5 Antworten in dieser Auswahl: es wird nichts gezeigt." in html
    assert "Weniger als 5 Antworten: nicht gezeigt." in html
    assert "HYPERLINK" not in html and "<td>3</td><td>100 %</td>" not in html
    assert "العربية (weniger als 5)" in html
    german = client.get(evaluation_url(answered["survey"], language="de")).content.decode()
    assert '<th scope="row">weniger als 1 Jahr</th><td>3</td><td>50 %</td>' in german
    assert "Wunsch 0" in german


def test_evaluation_is_internal(client, committee_user, other_kit_user, answered):
    url = evaluation_url(answered["survey"])
    assert client.get(url).status_code == 302
    for user in (committee_user, other_kit_user):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_evaluation_uses_fixed_queries(client, kit_user, answered, district):
    client.force_login(kit_user)
    with count_queries() as small:
        client.get(evaluation_url(answered["survey"]))
    for i in range(20):
        respond(answered, language="fa", single=1, multiple=[0], scale=2, text=f"Text {i}", other="Moschee")
    with count_queries() as big:
        client.get(evaluation_url(answered["survey"]))
    assert len(small) == len(big)


def test_exports_are_harmless_in_spreadsheets(client, kit_user, answered, media_root):
    client.force_login(kit_user)
    parts = answered
    # A text answer that looks like a formula, from enough respondents to be shown.
    respond(parts, language="de", text='=HYPERLINK("http://evil.example")')
    csv = download_through_job(
        client, reverse("participation:survey_export", kwargs={"pk": parts["survey"].pk, "file_format": "csv"})
    )
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "weniger als 1 Jahr;4;40;10" in text
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
    xlsx = download_through_job(
        client, reverse("participation:survey_export", kwargs={"pk": parts["survey"].pk, "file_format": "xlsx"})
    )
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    values = [cell.value for cell in cells]
    # Shown as written, without an apostrophe, in a text cell that is never calculated.
    assert '=HYPERLINK("http://evil.example")' in values
    assert not any(cell.data_type == "f" for cell in cells)
    assert values[:6] == ["Abschnitt", "Frage", "Antwort", "Anzahl", "Anteil (%)", "Antwortende"]


def test_a_text_answer_and_a_result_become_findings(client, kit_user, steering_user, answered):
    survey = answered["survey"]
    url = reverse("participation:survey_finding", kwargs={"pk": survey.pk})
    answer = answered["text"].answers.get(text="Wunsch 2")
    client.force_login(steering_user)
    assert client.post(url, {"answer": answer.pk}).status_code == 403
    client.force_login(kit_user)
    response = client.post(url, {"answer": answer.pk})
    finding = Finding.objects.get(text="Wunsch 2")
    assert response.url == reverse("admin:participation_finding_change", args=[finding.pk])
    assert finding.format == survey.format and finding.kind == "result"
    assert finding.group_heading == "Was wünschen Sie sich?"
    client.post(url, {"question": answered["single"].pk})
    result = Finding.objects.exclude(pk=finding.pk).get()
    assert result.text.startswith("Wie lange leben Sie schon im Kreis? – ")
    assert "mehr als 5 Jahre: 33 % (3)" in result.text and "(9 Antworten)" in result.text


def test_finding_needs_the_survey_format(client, kit_user, answered):
    survey = answered["survey"]
    survey.format = None
    survey.save()
    client.force_login(kit_user)
    url = reverse("participation:survey_finding", kwargs={"pk": survey.pk})
    response = client.post(url, {"question": answered["single"].pk}, follow=True)
    assert "Bitte die Umfrage zuerst ihrem Umfrage-Format zuordnen" in response.content.decode()
    assert not Finding.objects.exists()


def test_hidden_answers_cannot_become_findings(client, kit_user, district):
    parts = build_survey(district)
    survey = parts["survey"]
    survey.format = FormatFactory(district=district, process=survey.process, kind=Format.Kind.PUBLIC_SURVEY)
    survey.save()
    respond(parts, text="Nur eine Person hat das geschrieben")
    answer = parts["text"].answers.get()
    client.force_login(kit_user)
    url = reverse("participation:survey_finding", kwargs={"pk": survey.pk})
    assert client.post(url, {"answer": answer.pk}).status_code == 404
    assert client.post(url, {"question": parts["single"].pk}).status_code == 404
    assert not Finding.objects.exists()
