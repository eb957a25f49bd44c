"""Writing papers: numbering, status changes, and freezing the PDF at release."""

import datetime
import re
import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from actionplan.models import ActionPlan
from integration_portal import history
from integration_portal.audit import log_event
from integration_portal.jobs.models import Job
from integration_portal.models import District, User

from .models import (
    AgendaItem,
    Attachment,
    Consultation,
    CouncilPaper,
    Meeting,
    ReferenceCounter,
    ReferenceScheme,
    StatusChange,
)
from .selectors import plan_adopting_consultation  # noqa: F401  (also part of this module's interface)

# Each status may move on to these. A released paper never goes back: changes need a follow-up paper.
TRANSITIONS = {
    CouncilPaper.Status.DRAFT: (CouncilPaper.Status.CO_SIGNING,),
    CouncilPaper.Status.CO_SIGNING: (CouncilPaper.Status.DRAFT, CouncilPaper.Status.RELEASED),
    CouncilPaper.Status.RELEASED: (CouncilPaper.Status.IN_CONSULTATION,),
    CouncilPaper.Status.IN_CONSULTATION: (CouncilPaper.Status.DONE,),
    CouncilPaper.Status.DONE: (),
}
# The way forward, one step at a time.
STEPS = (
    CouncilPaper.Status.DRAFT,
    CouncilPaper.Status.CO_SIGNING,
    CouncilPaper.Status.RELEASED,
    CouncilPaper.Status.IN_CONSULTATION,
    CouncilPaper.Status.DONE,
)


def next_status(status: str) -> CouncilPaper.Status | None:
    """The step after `status`, or None once the paper is done."""
    position = STEPS.index(CouncilPaper.Status(status))
    return STEPS[position + 1] if position + 1 < len(STEPS) else None


def _transition_error(old: CouncilPaper.Status, new: CouncilPaper.Status) -> ValidationError:
    params = {"old": old.label, "new": new.label}
    first = next_status(old)
    if first is not None and STEPS.index(new) > STEPS.index(first):
        # A skipped step: name the one that comes first.
        return ValidationError(
            _("A paper cannot go from “%(old)s” to “%(new)s”: first comes “%(first)s”."),
            code="skipped_step",
            params={**params, "first": first.label},
        )
    return ValidationError(_("A paper cannot go from “%(old)s” to “%(new)s”."), code="transition", params=params)


def next_reference(*, district: District, year: int) -> str:
    """The next reference of the district's scheme for `year`; each number is handed out once.

    The scheme row is locked (`select_for_update`) and the counter is raised with one UPDATE in the
    same transaction, so two papers created at the same moment wait for each other instead of
    sharing a number. A rolled-back creation takes its number back with it; a deleted paper does not.
    """
    with transaction.atomic():
        try:
            scheme = ReferenceScheme.objects.select_for_update().get(district=district)
        except ReferenceScheme.DoesNotExist:
            raise ValidationError(
                _("The district has no numbering scheme yet. Create one under “Numbering schemes”."), code="no_scheme"
            ) from None
        counter, _created = ReferenceCounter.objects.get_or_create(
            scheme=scheme, year=year, defaults={"district": district}
        )
        ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
        counter.refresh_from_db(fields=["last_number"])
        return scheme.format(year=year, seq=counter.last_number)


def _reference_regex(pattern: str, year: int) -> re.Pattern:
    """A pattern such as “{year}/FB3/{seq:04}” as a regex matching its references of `year`."""
    parts = []
    for text, name, _spec, _conv in string.Formatter().parse(pattern):
        parts.append(re.escape(text))
        if name == "year":
            parts.append(re.escape(str(year)))
        elif name == "seq":
            parts.append(r"(?P<seq>\d+)")
    return re.compile("".join(parts))


def highest_used_number(*, scheme: ReferenceScheme, year: int) -> int:
    """The highest sequence number of `year` in use: handed out by the counter or carried by a paper,
    also one entered with its reference from an earlier system."""
    counter = ReferenceCounter.objects.filter(scheme=scheme, year=year).values_list("last_number", flat=True).first()
    regex = _reference_regex(scheme.pattern, year)
    references = CouncilPaper.objects.filter(district_id=scheme.district_id).values_list("reference", flat=True)
    used = [int(match["seq"]) for reference in references if (match := regex.fullmatch(reference))]
    return max([counter or 0, *used])


def check_counter_value(*, scheme: ReferenceScheme, year: int, last_number: int) -> None:
    """Refuse a counter below a number already used: that number would be handed out a second time."""
    used = highest_used_number(scheme=scheme, year=year)
    if last_number < used:
        raise ValidationError(
            _("Number %(used)s of %(year)s is already used; the sequence can only continue after it."),
            code="below_used",
            params={"used": used, "year": year},
        )


def check_reference_free(*, district: District, reference: str) -> None:
    if CouncilPaper.objects.filter(district=district, reference=reference.strip()).exists():
        raise ValidationError(
            _("The reference “%(reference)s” is already used in this district."),
            code="reference_taken",
            params={"reference": reference.strip()},
        )


def reference_counter_set(*, scheme: ReferenceScheme, year: int, last_number: int) -> ReferenceCounter:
    """Let the sequence of `year` continue after `last_number`, e.g. after a paper of an earlier system.

    Never below a number already used: that number would be handed out a second time.
    """
    with transaction.atomic():
        scheme = ReferenceScheme.objects.select_for_update().get(pk=scheme.pk)
        check_counter_value(scheme=scheme, year=year, last_number=last_number)
        counter, _created = ReferenceCounter.objects.update_or_create(
            scheme=scheme, year=year, defaults={"district_id": scheme.district_id, "last_number": last_number}
        )
    return counter


def _take_existing_reference(paper: CouncilPaper, reference: str) -> None:
    """A paper from an earlier system keeps its reference; the counter moves past it if it fits the scheme."""
    reference = reference.strip()
    check_reference_free(district=paper.district, reference=reference)
    paper.reference = reference
    scheme = ReferenceScheme.objects.select_for_update().filter(district_id=paper.district_id).first()
    match = scheme and _reference_regex(scheme.pattern, paper.date.year).fullmatch(reference)
    if match:
        counter, _created = ReferenceCounter.objects.get_or_create(
            scheme=scheme, year=paper.date.year, defaults={"district_id": paper.district_id}
        )
        if counter.last_number < int(match["seq"]):
            counter.last_number = int(match["seq"])
            counter.save(update_fields=["last_number", "modified"])


def follow_up_reference(*, original: CouncilPaper) -> str:
    """“VO/2025/246” → “VO/2025/246-R1”, “-R2”, … counted under a lock on the original paper."""
    with transaction.atomic():
        original = CouncilPaper.objects.select_for_update().get(pk=original.pk)
        number = original.follow_ups.count() + 1
        return f"{original.reference}-R{number}"


def paper_number(*, paper: CouncilPaper, existing_reference: str = "") -> None:
    """Give a new, unsaved paper its reference and the first status. Call inside the saving transaction.

    `existing_reference`: the reference a paper from an earlier system already has; it is kept.
    """
    if existing_reference.strip():
        _take_existing_reference(paper, existing_reference)
    elif paper.original_id:
        paper.reference = follow_up_reference(original=paper.original)
    else:
        paper.reference = next_reference(district=paper.district, year=paper.date.year)
    paper.status = CouncilPaper.Status.DRAFT


def paper_log_created(*, paper: CouncilPaper, user: User | None) -> StatusChange:
    """The first line of a new paper's status log."""
    return StatusChange.objects.create(
        district=paper.district, paper=paper, from_status="", to_status=paper.status, changed_by=user
    )


def paper_create(*, paper: CouncilPaper, user: User | None = None, existing_reference: str = "") -> CouncilPaper:
    """Number and save a new paper (all its fields set, not yet saved), logging its first status."""
    with transaction.atomic():
        paper_number(paper=paper, existing_reference=existing_reference)
        paper.save()
        paper_log_created(paper=paper, user=user)
    return paper


def paper_change_status(*, paper: CouncilPaper, status: str, user: User | None = None) -> CouncilPaper:
    """Move the paper to `status` if the workflow allows it; releasing freezes its PDF."""
    status = CouncilPaper.Status(status)
    with transaction.atomic():
        paper = CouncilPaper.objects.select_for_update().get(pk=paper.pk)
        if status not in TRANSITIONS[paper.status]:
            raise _transition_error(CouncilPaper.Status(paper.status), status)
        old = paper.status
        paper.status = status
        paper.save()
        if status == CouncilPaper.Status.RELEASED:
            # Rendered by a job from the committed state, so the file shows the paper as released; the
            # request never renders while it holds the paper's row lock.
            from .jobs import freeze_schedule

            freeze_schedule(paper=paper, user=user)
            # Where jobs run in-process (tests), the file is there already.
            paper.refresh_from_db(fields=["released_pdf", "released_pdf_sha256"])
        StatusChange.objects.create(
            district=paper.district, paper=paper, from_status=old, to_status=status, changed_by=user
        )
    return paper


def download_record(*, paper: CouncilPaper, user: User, attachment: Attachment | None = None) -> None:
    """Keep in the audit log who downloaded a paper's PDF or one of its attachments."""
    if attachment is None:
        log_event("pdf_download", user=user, reference=paper.reference)
    else:
        log_event("attachment_download", user=user, reference=paper.reference, attachment=attachment.pk)


def meeting_file_record(*, meeting: Meeting, user: User, kind: str) -> None:
    """Keep in the audit log who downloaded a meeting's invitation or minutes."""
    log_event("meeting_file_download", user=user, meeting=meeting.pk, kind=kind)


def extract_download_record(*, consultation: Consultation, user: User) -> None:
    """Keep in the audit log who downloaded a decision extract."""
    log_event("extract_download", user=user, reference=consultation.paper.reference)


def released_pdf_job(*, paper: CouncilPaper, user: User | None = None) -> Job | None:
    """The job freezing a released paper's PDF: the running one, or a new one for a paper imported as released
    without a file. None once the file is there."""
    from .jobs import freeze_schedule

    if paper.released_pdf:
        return None
    job = freeze_schedule(paper=paper, user=user)
    paper.refresh_from_db(fields=["released_pdf", "released_pdf_sha256"])
    return None if paper.released_pdf else job


# Results are entered after release, while the council consults the paper.
RESULT_STATUSES = (CouncilPaper.Status.RELEASED, CouncilPaper.Status.IN_CONSULTATION)
RESULT_FIELDS = ("outcome", "votes_yes", "votes_no", "abstentions", "amended_text", "date")


def check_results_allowed(*, paper: CouncilPaper) -> None:
    """Results belong to a released paper: refuse them while it is a draft or once it is done."""
    if paper.status not in RESULT_STATUSES:
        raise ValidationError(
            _("Results can be entered only while the paper is released or in consultation, not “%(status)s”."),
            code="not_released",
            params={"status": paper.get_status_display()},
        )


def consultation_link_agenda_item(
    *, consultation: Consultation, agenda_item: AgendaItem | None, user: User | None, path: str
) -> Consultation:
    """Point a Beratungsfolge row to the agenda item that handles it; its date becomes the meeting's day.

    Without an agenda item the row keeps (or goes back to) its planned date as entered.
    """
    with transaction.atomic(), history.history_path(path):
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.agenda_item_id == (agenda_item.pk if agenda_item else None):
            return consultation
        consultation.agenda_item = agenda_item
        if agenda_item is not None:
            consultation.date = agenda_item.meeting.date
        consultation.full_clean(exclude=["paper", "order"])
        consultation._history_user = user
        consultation.save()
    return consultation


def consultation_record_result(
    *,
    consultation: Consultation,
    outcome: str,
    votes_yes: int | None,
    votes_no: int | None,
    abstentions: int | None,
    amended_text: str = "",
    meeting_date: datetime.date | None = None,
    user: User | None,
    path: str,
) -> Consultation:
    """Record (or correct) the result of one consultation of a released paper.

    The one path for the admin and the import: validates, saves with history (by `path`), queues the job
    that writes the decision extract, and adopts or releases the annex plan when the authoritative consultation decides.
    The frozen paper PDF is never touched. Saving the same result again changes nothing (idempotent).
    `meeting_date` sets the consultation's date when the meeting took place on another day than planned.
    """
    with transaction.atomic(), history.history_path(path):
        consultation = consultation_for_result(consultation.pk)
        paper = consultation.paper
        old = {name: getattr(consultation, name) for name in RESULT_FIELDS}
        consultation.outcome = outcome or ""
        consultation.votes_yes, consultation.votes_no, consultation.abstentions = votes_yes, votes_no, abstentions
        consultation.amended_text = amended_text if outcome == Consultation.Outcome.AMENDED else ""
        if meeting_date is not None:
            consultation.date = meeting_date
        if {name: getattr(consultation, name) for name in RESULT_FIELDS} == old:
            return consultation
        check_results_allowed(paper=paper)
        consultation.full_clean(exclude=["paper", "committee", "order"])
        # The extract of this result is written by a job, queued as this result is committed.
        consultation.extract_pdf = ""
        consultation._history_user = user
        consultation.save()
        if consultation.outcome:
            from .jobs import extract_schedule

            extract_schedule(consultation=consultation, user=user)
            consultation.refresh_from_db(fields=["extract_pdf"])
        if consultation.is_authoritative and paper.annex_plan_id:
            _sync_plan_adoption(paper=paper, was_adopting=old["outcome"] in Consultation.ADOPTING_OUTCOMES, user=user)
    return consultation


def extract_pdf_job(*, consultation: Consultation, user: User | None = None) -> Job | None:
    """The job writing the result's decision extract, or None once the file is there. Results imported without
    a file get theirs queued on first use."""
    from .jobs import extract_schedule

    if consultation.extract_pdf:
        return None
    job = extract_schedule(consultation=consultation, user=user)
    consultation.refresh_from_db(fields=["extract_pdf"])
    return None if consultation.extract_pdf else job


def consultation_for_result(pk: int, lock: bool = True) -> Consultation:
    """The consultation with its paper, committee and meeting, its row locked (`lock`)."""
    queryset = Consultation.objects.select_related("paper__district", "committee", "agenda_item__meeting")
    # Only the consultation row is locked: PostgreSQL cannot lock the outer-joined agenda item.
    return (queryset.select_for_update(of=("self",)) if lock else queryset).get(pk=pk)


def _sync_plan_adoption(*, paper: CouncilPaper, was_adopting: bool, user: User | None) -> None:
    """Adopt the annex plan on an adopting decision; a corrected decision gives the plan its former status."""
    plan = ActionPlan.objects.select_for_update().get(pk=paper.annex_plan_id)
    adopted = plan_adopting_consultation(plan=plan) is not None
    if adopted and plan.status != ActionPlan.Status.ADOPTED:
        plan.status = ActionPlan.Status.ADOPTED
    elif not adopted and was_adopting and plan.status == ActionPlan.Status.ADOPTED:
        plan.status = _status_before_adoption(plan)
    else:
        return
    plan._history_user = user
    plan.save()


def _status_before_adoption(plan: ActionPlan) -> str:
    """The status the plan had before it was last adopted; “in consultation” if the history does not say."""
    earlier = plan.history.exclude(status=ActionPlan.Status.ADOPTED).order_by("-history_date").first()
    return earlier.status if earlier else ActionPlan.Status.CONSULTATION
