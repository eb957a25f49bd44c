"""Tombstones: a public object that is deleted or made non-public stays in OParl as `deleted: true`.

Before a save or delete the handlers note which OParl objects of the paper (or meeting) were public;
afterwards they compare, record a tombstone for each that vanished and drop the tombstone of each that
came back. Fixtures (raw saves) are loaded as they are, without tombstones.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from integration_portal.models import District
from papers.models import AgendaItem, Attachment, Committee, Consultation, CouncilPaper, Location, Meeting

from . import selectors
from .models import Tombstone

Key = tuple[str, str]
FILES = ("invitation", "minutes")


def _add(found: dict, rows, kind: str, key_format: str = "{}") -> None:
    for pk, district_id, created in rows.values_list("pk", "district_id", "created"):
        found[(kind, key_format.format(pk))] = (district_id, created)


def paper_objects(paper_id) -> dict[Key, tuple]:
    """{(kind, key): (district id, created)} of the OParl objects of one paper that are public now."""
    found = {}
    papers = selectors.public_papers().filter(pk=paper_id)
    _add(found, papers, "paper")
    _add(found, papers, "file", "paper-{}")
    consultations = selectors.public_consultations().filter(paper_id=paper_id)
    _add(found, consultations, "consultation")
    _add(found, consultations.exclude(outcome="").filter(selectors.RESULT_PUBLISHED), "file", "extract-{}")
    _add(found, selectors.public_attachments().filter(paper_id=paper_id), "file", "attachment-{}")
    return found


def meeting_objects(meeting_id, location_ids=()) -> dict[Key, tuple]:
    """The same for one meeting: the meeting, its public agenda items, its invitation and minutes, and of
    `location_ids` (its place before and after a save) those that some public meeting still uses."""
    found = {}
    meetings = selectors.public_meetings().filter(pk=meeting_id)
    _add(found, meetings, "meeting")
    for field in FILES:
        _add(found, meetings.exclude(**{field: ""}), "file", f"{field}-{{}}")
    _add(found, selectors.public_agenda_items().filter(meeting_id=meeting_id), "agendaitem")
    _add(found, selectors.public_locations().filter(pk__in=[pk for pk in location_ids if pk]), "location")
    return found


def _meeting_locations(instance) -> set:
    """The meeting's place as saved and as it is now: a place a meeting leaves may stop being public."""
    saved = Meeting.objects.filter(pk=instance.pk).values_list("location_id", flat=True).first()
    known = getattr(instance, "_oparl_locations", set())
    instance._oparl_locations = known | {saved, instance.location_id}
    return instance._oparl_locations


def person_objects(district_id) -> dict[Key, tuple]:
    """The contact persons the district publishes (its switch on), keyed as their URLs are."""
    district = District.objects.filter(pk=district_id).first()
    if district is None:
        return {}
    return {
        ("person", f"{district.slug}/{selectors.person_key(row['contact_person'])}"): (
            district_id,
            row["first_created"],
        )
        for row in selectors.person_rows(district)
    }


# model → (parent kind, the public objects that an instance's save may change, the parent's id)
# A paper's save may also take its contact person out of (or into) the district's persons.
TREES = {
    District: ("district", lambda instance: person_objects(instance.pk), lambda instance: instance.pk),
    CouncilPaper: (
        "paper",
        lambda instance: {**paper_objects(instance.pk), **person_objects(instance.district_id)},
        lambda instance: instance.pk,
    ),
    Consultation: ("paper", lambda instance: paper_objects(instance.paper_id), lambda instance: instance.paper_id),
    Attachment: ("paper", lambda instance: paper_objects(instance.paper_id), lambda instance: instance.paper_id),
    Meeting: (
        "meeting",
        lambda instance: meeting_objects(instance.pk, _meeting_locations(instance)),
        lambda instance: instance.pk,
    ),
    Location: (
        "location",
        lambda instance: meeting_objects(None, {instance.pk}),
        lambda instance: instance.pk,
    ),
    AgendaItem: (
        "meeting",
        lambda instance: meeting_objects(instance.meeting_id),
        lambda instance: instance.meeting_id,
    ),
}


def _before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    _kind, objects, _parent_id = TREES[sender]
    instance._oparl_before = objects(instance)


def _after(sender, instance, raw=False, **kwargs):
    if raw:
        return
    parent_kind, objects, parent_id = TREES[sender]
    before = getattr(instance, "_oparl_before", None) or {}
    record_changes(before, objects(instance), parent=(parent_kind, parent_id(instance)))
    instance._oparl_before = None
    instance._oparl_locations = set()


def record_changes(before: dict, after: dict, *, parent: tuple[str, int]) -> None:
    """Tombstones for what was public and is no more; none for what is public (again)."""
    now = timezone.now()
    parent_kind, parent_id = parent
    gone = [
        Tombstone(
            district_id=district_id,
            kind=kind,
            key=key,
            parent_kind=parent_kind if kind != parent_kind else "",
            parent_id=parent_id if kind != parent_kind else None,
            created=created,
            deleted_at=now,
        )
        for (kind, key), (district_id, created) in before.items()
        if (kind, key) not in after
    ]
    if gone:
        Tombstone.objects.bulk_create(gone, ignore_conflicts=True)
    back = [(kind, key) for kind, key in after if (kind, key) not in before]
    for kind, key in back:
        Tombstone.objects.filter(kind=kind, key=key).delete()


def _committee_deleted(sender, instance, **kwargs):
    Tombstone.objects.get_or_create(
        kind="organization",
        key=str(instance.pk),
        defaults={"district_id": instance.district_id, "created": instance.created, "deleted_at": timezone.now()},
    )


def connect() -> None:
    for model in TREES:
        uid = f"oparl-{model.__name__}"
        pre_save.connect(_before, sender=model, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(_after, sender=model, dispatch_uid=f"{uid}-post-save")
        pre_delete.connect(_before, sender=model, dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(_after, sender=model, dispatch_uid=f"{uid}-post-delete")
    post_delete.connect(_committee_deleted, sender=Committee, dispatch_uid="oparl-committee-delete")
