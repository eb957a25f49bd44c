"""Survey responses cannot be put in the order they came in: random ids for responses and answers, the
day only. A web server's access log, which records the time of each submission, has nothing to be matched
against. Existing responses keep their answers when the ids change."""

import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

from participation.models import SurveyAnswer, SurveyResponse

from ..participation.factories import build_survey
from ..participation.test_survey import survey_url, valid_answers

SUBMISSIONS = 20


@pytest.fixture
def submitted_survey(client, district, settings):
    """A survey submitted SUBMISSIONS times through its page, each free text numbered in the order it came in."""
    settings.SURVEY_RATE_LIMIT = 0
    parts = build_survey(district)
    for number in range(SUBMISSIONS):
        answers = {**valid_answers(parts), f"q{parts['text'].pk}": f"Antwort {number:02d}"}
        assert client.post(survey_url(parts["survey"]), answers).status_code == 302
    return parts


@pytest.mark.django_db
def test_the_order_of_responses_cannot_be_derived_from_the_database(submitted_survey):
    parts = submitted_survey
    # Submission order, as an access log would have it: the number in each response's free text.
    texts = SurveyAnswer.objects.filter(question=parts["text"])
    submitted = [text for text in texts.order_by("text").values_list("response_id", flat=True)]
    assert len(submitted) == SUBMISSIONS
    # Every column a response or answer keeps: random ids, no time beyond the day.
    for model in (SurveyResponse, SurveyAnswer):
        kinds = {field.name: type(field) for field in model._meta.concrete_fields}
        assert kinds["id"] is models.UUIDField
        assert not any(issubclass(kind, (models.DateTimeField, models.TimeField)) for kind in kinds.values())
        assert all(uuid.UUID(str(pk)).version == 4 for pk in model.objects.values_list("pk", flat=True))
    assert {field.name for field in SurveyResponse._meta.concrete_fields} == {
        "id",
        "survey",
        "language",
        "submitted_on",
    }
    assert list(SurveyResponse.objects.values_list("pk", flat=True)) != submitted
    assert list(SurveyResponse.objects.order_by("-pk").values_list("pk", flat=True)) != submitted
    assert len(set(SurveyResponse.objects.values_list("submitted_on", flat=True))) == 1
    # Nor do the answers' ids follow the responses' order.
    by_answer_id = list(dict.fromkeys(texts.order_by("pk").values_list("response_id", flat=True)))
    assert by_answer_id != submitted


@pytest.mark.django_db(transaction=True)
def test_existing_responses_keep_their_answers_when_the_ids_become_random(district):
    executor = MigrationExecutor(connection)
    # The state just before the random ids (history rows of the survey's process already have their path column).
    before = ("participation", "0002_history_path_column")
    executor.migrate([before])
    old = MigrationExecutor(connection).loader.project_state(before).apps
    parts = build_survey(district)
    Response, Answer = old.get_model("participation", "SurveyResponse"), old.get_model("participation", "SurveyAnswer")
    for number in range(12):
        response = Response.objects.create(survey_id=parts["survey"].pk, language="ar", submitted_on="2026-03-02")
        Answer.objects.create(response=response, question_id=parts["text"].pk, text=f"Antwort {number:02d}")
        Answer.objects.create(response=response, question_id=parts["scale"].pk, scale_value=number % 5 + 1)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    responses = SurveyResponse.objects.filter(survey=parts["survey"]).prefetch_related("answers")
    assert responses.count() == 12
    for response in responses:
        assert isinstance(response.pk, uuid.UUID) and response.language == "ar"
        assert str(response.submitted_on) == "2026-03-02"
        text = next(answer.text for answer in response.answers.all() if answer.text)
        scale = next(answer.scale_value for answer in response.answers.all() if answer.scale_value)
        assert scale == int(text.split()[1]) % 5 + 1  # each answer still belongs to its own response
    # The old ids' order (the number in the text) is not the order of the new ids.
    in_old_order = list(SurveyAnswer.objects.filter(question=parts["text"]).order_by("text").values_list("response_id"))
    assert in_old_order != sorted(in_old_order)


def storage_order(table):
    """Ids in the order the database keeps the rows (SQLite: row number, PostgreSQL: physical position)."""
    position = {"sqlite": "rowid", "postgresql": "ctid"}[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {connection.ops.quote_name(table)} ORDER BY {position}")  # noqa: S608
        return [uuid.UUID(str(row[0])) for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_the_nightly_purge_leaves_no_trace_of_the_order_in_the_storage(submitted_survey):
    parts = submitted_survey
    texts = SurveyAnswer.objects.filter(question=parts["text"]).order_by("text")
    submitted = list(texts.values_list("response_id", flat=True))
    # The database keeps rows in the order they came in, random ids or not ...
    assert storage_order(SurveyResponse._meta.db_table) == submitted
    call_command("purge_expired", stdout=StringIO())
    # ... until the nightly run rewrites the tables in the order of the random ids.
    assert storage_order(SurveyResponse._meta.db_table) == sorted(submitted)
    assert storage_order(SurveyAnswer._meta.db_table) == sorted(SurveyAnswer.objects.values_list("pk", flat=True))
    assert storage_order(SurveyResponse._meta.db_table) != submitted
    assert SurveyAnswer.objects.filter(response__survey=parts["survey"]).count() == SurveyAnswer.objects.count()
    for response in SurveyResponse.objects.prefetch_related("answers"):
        assert len(response.answers.all()) == 5  # every answer still with its response
