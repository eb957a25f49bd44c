"""Writing participation data: findings taken over from the survey's evaluation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from integration_portal.audit import log_event

from .languages import in_language
from .models import Finding, SurveyAnswer


def _survey_format(survey):
    if survey.format_id is None:
        raise ValidationError(
            _("Link the survey to its public survey format first; findings are recorded per format."),
            code="no_format",
        )
    return survey.format


def _next_order(format_):
    last = format_.findings.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def finding_from_answer(*, survey, answer_id, user):
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
def finding_from_result(*, survey, question, rows, respondents, user):
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
