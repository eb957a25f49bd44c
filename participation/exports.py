"""The survey's evaluation as a table for CSV and Excel: one row per answer option, free text or hidden question."""

from django.utils.translation import gettext as _

from integration_portal.audit import log_event
from integration_portal.models import User

from . import selectors
from .languages import BASE_LANGUAGE, in_language
from .models import Survey


def survey_rows(*, survey: Survey, language: str | None) -> tuple[list[str], list[list]]:
    """(header, rows) of the evaluation in `language` (None: all languages), as the evaluation page shows it.

    A question with fewer than 5 respondents gets one row saying so, never its figures or texts.
    """
    evaluation = selectors.survey_evaluation(survey=survey, language=language)
    header = [_("Section"), _("Question"), _("Answer"), _("Count"), _("Share (%)"), _("Respondents")]
    rows = []
    for section, result in evaluation["results"]:
        section_title = in_language(section.title, BASE_LANGUAGE)
        if result.hidden:
            rows.append([section_title, result.label, _("fewer than 5 answers: not shown"), "", "", ""])
            continue
        for row in result.rows:
            rows.append([section_title, result.label, row.label, row.count, row.share, result.respondents])
        for _answer_id, text in result.texts:
            rows.append([section_title, result.label, text, "", "", result.respondents])
    return header, rows


def survey_export(
    *, survey: Survey, language: str | None, file_format: str, user: User
) -> tuple[list[str], list[list]]:
    """The export's (header, rows), recorded in the audit log."""
    header, rows = survey_rows(survey=survey, language=language)
    log_event("survey_export", user=user, survey=survey.pk, format=file_format, language=language or "all")
    return header, rows
