"""Writing participation data: findings taken over from the survey's evaluation."""

import uuid
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from integration_portal.audit import log_event
from integration_portal.models import User

from . import selectors
from .languages import in_language
from .models import Finding, Format, FormatDocument, Survey, SurveyAnswer, SurveyQuestion


class NotInEvaluation(LookupError):
    """The answer or question is not shown in the evaluation (unknown, or fewer than 5 respondents)."""


def _survey_format(survey: Survey) -> Format:
    if survey.format_id is None:
        raise ValidationError(
            _("Link the survey to its public survey format first; findings are recorded per format."),
            code="no_format",
        )
    return survey.format


def _next_order(format_: Format) -> int:
    last = format_.findings.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def finding_from_answer(*, survey: Survey, answer_id: int, user: User) -> Finding:
    """A free-text answer of the survey becomes a finding (a result) of the survey's format."""
    format_ = _survey_format(survey)
    answer = SurveyAnswer.objects.select_related("question").get(
        pk=answer_id, response__survey=survey, option__isnull=True, scale_value__isnull=True
    )
    finding = Finding.objects.create(
        district=survey.district,
        format=format_,
        kind=Finding.Kind.RESULT,
        text=answer.text,
        group_heading=Truncator(in_language(answer.question.text, "de")).chars(300),
        order=_next_order(format_),
    )
    log_event("finding_from_survey", user=user, survey=survey.pk, finding=finding.pk)
    return finding


@transaction.atomic
def finding_from_result(
    *, survey: Survey, question: SurveyQuestion, rows: Sequence, respondents: int, user: User
) -> Finding:
    """A question's result (its counts and shares) becomes a finding of the survey's format."""
    format_ = _survey_format(survey)
    ranked = sorted(rows, key=lambda row: -row.count)
    figures = "; ".join(f"{row.label}: {row.share} % ({row.count})" for row in ranked)
    text = _("%(question)s – %(figures)s (%(respondents)s answers)") % {
        "question": in_language(question.text, "de"),
        "figures": figures,
        "respondents": respondents,
    }
    finding = Finding.objects.create(
        district=survey.district,
        format=format_,
        kind=Finding.Kind.RESULT,
        text=text,
        group_heading=_("Result of the public survey"),
        order=_next_order(format_),
    )
    log_event("finding_from_survey", user=user, survey=survey.pk, finding=finding.pk)
    return finding


def finding_from_evaluation(
    *, survey: Survey, user: User, answer_id: uuid.UUID | None = None, question_id: int | None = None
) -> Finding:
    """A free-text answer (`answer_id`) or a question's result (`question_id`) becomes a finding.

    Only what the evaluation shows may become a finding: no answer or figure of a group of fewer than
    5 respondents. Raises NotInEvaluation for anything else, ValidationError if the survey has no format.
    """
    shown = [result for _section, result in selectors.survey_evaluation(survey=survey)["results"] if not result.hidden]
    if answer_id is not None:
        if not any(answer_id == shown_id for result in shown for shown_id, _text in result.texts):
            raise NotInEvaluation(answer_id)
        return finding_from_answer(survey=survey, answer_id=answer_id, user=user)
    result = next((r for r in shown if r.question.pk == question_id and r.rows), None)
    if result is None:
        raise NotInEvaluation(question_id)
    return finding_from_result(
        survey=survey, question=result.question, rows=result.rows, respondents=result.respondents, user=user
    )


def document_download_record(*, document: FormatDocument, user: User) -> None:
    """Keep in the audit log who downloaded a documentation file."""
    log_event("participation_document_download", user=user, document=document.pk)
