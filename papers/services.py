"""Writing papers: numbering, status changes, and freezing the PDF at release."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from integration_portal.audit import log_event
from integration_portal.models import District, User

from .models import Attachment, CouncilPaper, ReferenceCounter, ReferenceScheme, StatusChange

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


def follow_up_reference(*, original: CouncilPaper) -> str:
    """“VO/2025/246” → “VO/2025/246-R1”, “-R2”, … counted under a lock on the original paper."""
    with transaction.atomic():
        original = CouncilPaper.objects.select_for_update().get(pk=original.pk)
        number = original.follow_ups.count() + 1
        return f"{original.reference}-R{number}"


def paper_number(*, paper: CouncilPaper) -> None:
    """Give a new, unsaved paper its reference and the first status. Call inside the saving transaction."""
    if paper.original_id:
        paper.reference = follow_up_reference(original=paper.original)
    else:
        paper.reference = next_reference(district=paper.district, year=paper.date.year)
    paper.status = CouncilPaper.Status.DRAFT


def paper_log_created(*, paper: CouncilPaper, user: User | None) -> StatusChange:
    """The first line of a new paper's status log."""
    return StatusChange.objects.create(
        district=paper.district, paper=paper, from_status="", to_status=paper.status, changed_by=user
    )


def paper_create(*, paper: CouncilPaper, user: User | None = None) -> CouncilPaper:
    """Number and save a new paper (all its fields set, not yet saved), logging its first status."""
    with transaction.atomic():
        paper_number(paper=paper)
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
            # Rendered from the saved state, so the file shows the paper as released.
            _freeze_pdf(paper)
            paper.save(update_fields=["released_pdf", "released_pdf_sha256"])
        StatusChange.objects.create(
            district=paper.district, paper=paper, from_status=old, to_status=status, changed_by=user
        )
    return paper


def _freeze_pdf(paper: CouncilPaper) -> None:
    """Render the released paper once and keep the file: later plan edits never change it."""
    from .pdf import render_paper_pdf

    pdf = render_paper_pdf(paper)
    paper.released_pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    paper.released_pdf.save(f"{paper.pk}-{paper.released_pdf_sha256[:16]}.pdf", ContentFile(pdf), save=False)


def download_record(*, paper: CouncilPaper, user: User, attachment: Attachment | None = None) -> None:
    """Keep in the audit log who downloaded a paper's PDF or one of its attachments."""
    if attachment is None:
        log_event("pdf_download", user=user, reference=paper.reference)
    else:
        log_event("attachment_download", user=user, reference=paper.reference, attachment=attachment.pk)


def released_pdf_path(*, paper: CouncilPaper) -> str:
    """Storage path of the frozen PDF. Papers imported as released without a file are frozen on first use."""
    if not paper.released_pdf:
        with transaction.atomic():
            paper = CouncilPaper.objects.select_for_update().get(pk=paper.pk)
            if not paper.released_pdf:
                _freeze_pdf(paper)
                paper.save(update_fields=["released_pdf", "released_pdf_sha256"])
    return paper.released_pdf.name
