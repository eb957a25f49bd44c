"""What the OParl interface publishes: only what the public may read, each with its OParl `modified` time.

An object's OParl `modified` is the latest change of anything it prints: a paper embeds its public
consultations and files, so their changes and removals (tombstones) count as changes of the paper;
a consultation or file becomes visible with its paper, so the paper's changes count for it.
"""

import hashlib

from django.db.models import (
    DateTimeField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest

from integration_portal.models import District
from papers.models import AgendaItem, Attachment, Committee, Consultation, CouncilPaper, Location, Meeting

from .models import Tombstone

RELEASED = CouncilPaper.RELEASED_STATUSES


def public_papers() -> QuerySet:
    """Released public papers: the only papers OParl shows."""
    return CouncilPaper.objects.filter(is_public=True, status__in=RELEASED)


def public_consultations() -> QuerySet:
    """Consultations in public session of public papers."""
    return Consultation.objects.filter(is_public=True, paper__is_public=True, paper__status__in=RELEASED)


def public_attachments() -> QuerySet:
    """Uploaded attachments of public papers (an attachment only listed by title has no file to publish)."""
    return Attachment.objects.filter(paper__is_public=True, paper__status__in=RELEASED).exclude(file="")


# A consultation's result is published on a public row that has no agenda item yet or a public one of a
# public meeting: the rule of `Consultation.is_published`, as a filter.
RESULT_PUBLISHED = Q(agenda_item__isnull=True) | Q(agenda_item__is_public=True, agenda_item__meeting__is_public=True)


def public_meetings() -> QuerySet:
    return Meeting.objects.filter(is_public=True)


def public_agenda_items() -> QuerySet:
    return AgendaItem.objects.filter(is_public=True, meeting__is_public=True)


def public_locations() -> QuerySet:
    """Places of public meetings: a place nobody may know of a meeting at is not published."""
    return Location.objects.filter(pk__in=public_meetings().filter(location__isnull=False).values("location_id"))


def extract_rows() -> QuerySet:
    """Consultations whose decision extract is published: public, with a result visitors may read."""
    return consultation_rows().exclude(outcome="").filter(RESULT_PUBLISHED).order_by("pk")


CONSULTATION_CHANGED = Greatest(
    F("modified"),
    Coalesce(F("agenda_item__modified"), F("modified")),
    Coalesce(F("agenda_item__meeting__modified"), F("modified")),
)


def _child_latest(queryset, link, field="modified"):
    """The latest `field` (a name or an expression) of the rows of `queryset` linked to the outer row."""
    rows = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(last=Max(field)).values("last")
    return Coalesce(Subquery(rows[:1], output_field=DateTimeField()), F("modified"))


def paper_rows() -> QuerySet:
    """Public papers with everything they embed, `oparl_modified` counting their children."""
    tombstones = Tombstone.objects.filter(parent_kind=Tombstone.Kind.PAPER)
    return (
        public_papers()
        .select_related("district", "original")
        .prefetch_related(
            Prefetch("consultations", queryset=consultation_rows(), to_attr="public_consultations"),
            Prefetch("attachments", queryset=public_attachments().order_by("order", "pk"), to_attr="public_files"),
            Prefetch("follow_ups", queryset=public_papers().order_by("pk"), to_attr="public_follow_ups"),
        )
        .annotate(
            oparl_modified=Greatest(
                F("modified"),
                # The outer paper is public already: its public consultations need no second check of it.
                # A consultation prints its agenda item and meeting, so their changes count too.
                _child_latest(Consultation.objects.filter(is_public=True), "paper", CONSULTATION_CHANGED),
                _child_latest(Attachment.objects.exclude(file=""), "paper"),
                _child_latest(tombstones, "parent_id", "deleted_at"),
            )
        )
        .order_by("pk")
    )


def consultation_rows() -> QuerySet:
    return (
        public_consultations()
        .select_related("committee", "paper", "district", "agenda_item__meeting")
        .annotate(
            oparl_modified=Greatest(
                F("modified"),
                F("paper__modified"),
                Coalesce(F("agenda_item__modified"), F("modified")),
                Coalesce(F("agenda_item__meeting__modified"), F("modified")),
            )
        )
        .order_by("paper_id", "order", "date", "pk")
    )


def agenda_item_rows() -> QuerySet:
    """Public items of public meetings, with the consultation (of a public paper) they handle."""
    return (
        public_agenda_items()
        .select_related("meeting", "district")
        .prefetch_related(Prefetch("consultations", queryset=item_consultations(), to_attr="public_consultations"))
        .annotate(
            oparl_modified=Greatest(
                F("modified"),
                F("meeting__modified"),
                _child_latest(public_consultations(), "agenda_item"),
            )
        )
        .order_by("meeting_id", "order", "pk")
    )


def item_consultations() -> QuerySet:
    """Public consultations with what an agenda item prints of them (result, extract)."""
    return consultation_rows().order_by("pk")


def meeting_rows() -> QuerySet:
    """Public meetings with their location and public agenda items embedded."""
    tombstones = Tombstone.objects.filter(parent_kind=Tombstone.Kind.MEETING)
    return (
        public_meetings()
        .select_related("district", "location", "committee")
        .prefetch_related(Prefetch("agenda_items", queryset=agenda_item_rows(), to_attr="public_items"))
        .annotate(
            oparl_modified=Greatest(
                F("modified"),
                Coalesce(F("location__modified"), F("modified")),
                _child_latest(AgendaItem.objects.filter(is_public=True), "meeting"),
                _child_latest(tombstones, "parent_id", "deleted_at"),
            )
        )
        .order_by("pk")
    )


def meeting_file_rows(field: str) -> QuerySet:
    """The invitation or minutes (`field`) of each public meeting that has one."""
    return (
        public_meetings()
        .exclude(**{field: ""})
        .select_related("district", "committee")
        .annotate(oparl_modified=F("modified"))
        .order_by("pk")
    )


def location_rows() -> QuerySet:
    return (
        public_locations()
        .select_related("district")
        .prefetch_related(Prefetch("meetings", queryset=public_meetings().order_by("pk"), to_attr="public_meetings"))
        .annotate(oparl_modified=F("modified"))
        .order_by("pk")
    )


def attachment_rows() -> QuerySet:
    return (
        public_attachments()
        .select_related("paper", "district")
        .annotate(oparl_modified=Greatest(F("modified"), F("paper__modified")))
        .order_by("pk")
    )


def main_file_rows() -> QuerySet:
    """The frozen PDF of each public paper, one File per paper."""
    return public_papers().select_related("district").annotate(oparl_modified=F("modified")).order_by("pk")


def public_committees() -> QuerySet:
    """Committees that consult a public paper in public or hold a public meeting: the others lead nowhere."""
    return Committee.objects.filter(
        Exists(public_consultations().filter(committee=OuterRef("pk")))
        | Exists(public_meetings().filter(committee=OuterRef("pk")))
    )


def committee_rows() -> QuerySet:
    return public_committees().select_related("district").annotate(oparl_modified=F("modified")).order_by("pk")


def person_key(name: str) -> str:
    """A stable key for a contact person named on papers (the portal keeps names, not person records)."""
    return hashlib.sha256(name.strip().encode()).hexdigest()[:16]


def person_rows(district: District) -> QuerySet:
    """The contact persons of the district's public papers, where the district publishes them."""
    rows = (
        public_papers()
        .filter(district=district)
        .exclude(contact_person="")
        .order_by()
        .values("contact_person")
        .annotate(first_created=Min("created"), oparl_modified=Max("modified"))
        .order_by("contact_person")
    )
    return rows if district.oparl_publish_persons else rows.none()


def tombstone_rows(kind: str) -> QuerySet:
    return Tombstone.objects.filter(kind=kind).annotate(oparl_modified=F("deleted_at")).order_by("deleted_at", "pk")


def body_districts() -> QuerySet:
    return District.objects.annotate(oparl_modified=F("modified")).order_by("pk")
