"""Writing in the steering group's workspace: comments, answers, annual selections, indicator checks.

Permissions are checked by the views; the rules every path must obey (edit window, one selection
per measure and year, the indicator follows its latest check) live here.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplan.models import Indicator, Measure
from integration_portal.audit import log_event
from integration_portal.models import District, User
from papers.models import CouncilPaper
from papers.services import paper_create

from .models import AnnualSelection, Comment, IndicatorCheck
from .report import implementation_report
from .report_charts import summary_text, totals


def comment_edit_deadline(*, comment: Comment) -> datetime:
    return comment.created + timedelta(minutes=settings.STEERING_COMMENT_EDIT_MINUTES)


def comment_is_editable(*, comment: Comment, user: User, now: datetime | None = None) -> bool:
    """Authors may change their own comment for a short while, and only while it is unanswered."""
    now = now or timezone.now()
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and comment.is_open
        and now <= comment_edit_deadline(comment=comment)
    )


def comment_create(*, measure: Measure, user: User, text: str) -> Comment:
    comment = Comment(district=measure.district, measure=measure, author=user, text=text)
    comment.full_clean()
    comment.save()
    return comment


def comment_update(*, comment: Comment, user: User, text: str) -> Comment:
    if not comment_is_editable(comment=comment, user=user):
        raise PermissionDenied(_("This comment can no longer be changed."))
    comment.text = text
    comment.full_clean()
    comment.save(update_fields=["text", "modified"])
    return comment


def comments_mark_answered(*, comments: QuerySet[Comment], user: User) -> int:
    """Mark the open ones among `comments` as answered by `user`; returns how many changed."""
    return comments.filter(answered_at__isnull=True).update(answered_at=timezone.now(), answered_by=user)


def selection_create(
    *, measure: Measure, user: User, year: int, decision_date: date, note: str = ""
) -> AnnualSelection:
    """Record that the steering group prioritised `measure` for `year`."""
    if AnnualSelection.objects.filter(measure=measure, year=year).exists():
        message = _("This measure is already selected for %(year)s.")
        raise ValidationError({"year": ValidationError(message, code="duplicate", params={"year": year})})
    selection = AnnualSelection(
        district=measure.district, measure=measure, year=year, decision_date=decision_date, note=note, decided_by=user
    )
    selection.full_clean()
    selection.save()
    log_event("annual_selection", user=user, measure=measure.pk, year=selection.year)
    return selection


def selection_delete(*, selection: AnnualSelection, user: User) -> None:
    """Withdraw the steering group's selection of a measure for a year."""
    measure_pk, year = selection.measure_id, selection.year
    selection.delete()
    log_event("annual_selection_removed", user=user, measure=measure_pk, year=year)


def indicator_check_record(
    *, indicator: Indicator, user: User, date: date, status: str, actual: Decimal | None = None, note: str = ""
) -> IndicatorCheck:
    """Record a check; the indicator takes its status and actual value from its latest check by date."""
    if actual is not None and not indicator.unit:
        raise ValidationError(
            {"actual": _("This indicator has no unit, so it takes no value; the KIT can add one.")},
            code="no_unit",
        )
    check = IndicatorCheck(
        district=indicator.district,
        indicator=indicator,
        date=date,
        status=status,
        actual=actual,
        note=note,
        checked_by=user,
    )
    check.full_clean()
    check.save()
    latest = IndicatorCheck.objects.filter(indicator=indicator).latest()
    if latest.pk == check.pk:
        indicator.status = check.status
        if check.actual is not None:
            indicator.actual = check.actual
        indicator.save(update_fields=["status", "actual", "modified"])
    return check


def report_paper_create(*, district: District, year: int, as_of: date, user: User | None) -> CouncilPaper:
    """A Mitteilungsvorlage with the implementation report of `year` as annex, numbered and in draft.

    Its texts are prefilled: the statement of facts sums up the report's figures as of `as_of`.
    """
    found = implementation_report(district=district, year=year, as_of=as_of)
    summary = summary_text(found, totals(found))
    paper = CouncilPaper(
        district=district,
        paper_type=CouncilPaper.PaperType.COMMUNICATION,
        title=_("Implementation report %(year)s of the integration concept") % {"year": year},
        date=timezone.localdate(),
        lead_unit=_("Coordination Office for Integration and Participation (KIT)"),
        proposed_resolution=_("The implementation report %(year)s is taken note of.") % {"year": year},
        statement_of_facts="\n\n".join(
            [
                _(
                    "The steering group reviews the implementation of the measures every year. The annexed report "
                    "shows the measures selected for %(year)s as of %(date)s: their status, the indicators' "
                    "targets against the latest actual values, the progress reports and the steering group's remarks."
                )
                % {"year": year, "date": as_of.strftime("%d.%m.%Y")},
                summary,
            ]
        ),
        annex_report_year=year,
        annex_report_as_of=as_of,
    )
    return paper_create(paper=paper, user=user)
