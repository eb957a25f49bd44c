"""The survey's rules live in services and exports, so every caller (page, export, command) gets them."""

import logging

import pytest

from participation import exports, selectors, services
from participation.models import Finding

from .factories import build_public_survey, respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def few_answers(district):
    """Four respondents: fewer than the five the evaluation needs to show anything."""
    parts = build_public_survey(district)
    for i in range(4):
        respond(parts, single=i % 2, text=f"Wunsch {i}")
    return parts


def test_the_service_refuses_a_finding_from_fewer_than_five_respondents(few_answers, kit_user):
    survey = few_answers["survey"]
    answer = few_answers["text"].answers.first()
    with pytest.raises(services.NotInEvaluation):
        services.finding_from_evaluation(survey=survey, user=kit_user, answer_id=answer.pk)
    with pytest.raises(services.NotInEvaluation):
        services.finding_from_evaluation(survey=survey, user=kit_user, question_id=few_answers["single"].pk)
    assert not Finding.objects.exists()


def test_the_service_turns_a_shown_answer_into_a_finding_and_logs_it(few_answers, kit_user, caplog):
    respond(few_answers, single=0, text="Mehr Sprachkurse am Abend")
    answer = few_answers["text"].answers.get(text="Mehr Sprachkurse am Abend")
    with caplog.at_level(logging.INFO, logger="integration_portal.audit"):
        finding = services.finding_from_evaluation(survey=few_answers["survey"], user=kit_user, answer_id=answer.pk)
    assert finding.text == "Mehr Sprachkurse am Abend"
    assert "event=finding_from_survey" in caplog.text


def test_the_export_rows_hide_a_question_with_fewer_than_five_respondents(few_answers):
    header, rows = exports.survey_rows(survey=few_answers["survey"], language=None)
    assert header[:3] == ["Abschnitt", "Frage", "Antwort"]
    texts = [row[2] for row in rows]
    assert "weniger als 5 Antworten: nicht gezeigt" in texts
    assert not any(text.startswith("Wunsch") for text in texts)


def test_selectors_answer_none_for_what_the_user_may_not_see(few_answers, other_kit_user):
    survey = few_answers["survey"]
    assert selectors.survey_for_staff(user=other_kit_user, pk=survey.pk) is None
    assert selectors.survey_for_answering(pk=survey.pk + 1000) is None
