"""The survey's export as a background job: the evaluation of every question is computed in the worker."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal import export_jobs
from integration_portal.jobs.services import JobContext, JobError
from integration_portal.spreadsheets import csv_bytes, xlsx_bytes

from . import exports, selectors

EXPORT_KIND = "participation.survey_export"


def export_enqueue(*, request, survey, language: str | None, file_format: str):
    params = {"survey": survey.pk, "language": language or "", "format": file_format}
    return export_jobs.start(request=request, kind=EXPORT_KIND, district=survey.district, params=params)


def export_filename(survey, language: str | None, file_format: str) -> str:
    return f"umfrage-{survey.pk}{'-' + language if language else ''}.{file_format}"


def run_export(context: JobContext) -> None:
    user, params = context.job.requested_by, context.params
    survey = selectors.survey_for_staff(user=user, pk=params["survey"]) if user is not None else None
    if survey is None:
        raise JobError(_("The survey can no longer be exported: it was deleted or your access to it has changed."))
    language, file_format = params["language"] or None, params["format"]
    context.progress(0, 1, _("Evaluating the answers"))
    header, rows = exports.survey_export(survey=survey, language=language, file_format=file_format, user=user)
    data = xlsx_bytes(header, rows, title=_("Evaluation")) if file_format == "xlsx" else csv_bytes(header, rows)
    context.complete(content=data, name=export_filename(survey, language, file_format))


def may_see(*, job, user) -> bool:
    """Besides the requester: who may read the survey's evaluation (KIT staff and steering group)."""
    return selectors.survey_for_staff(user=user, pk=job.params["survey"]) is not None


def register() -> None:
    export_jobs.register(
        EXPORT_KIND, label=gettext_lazy("Export of a survey's evaluation"), run=run_export, visible=may_see
    )
