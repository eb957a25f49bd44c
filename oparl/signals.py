"""Tombstones: a public object that is deleted or made non-public stays in OParl as `deleted: true`.

Before a save or delete the handlers note which OParl objects of the paper were public; afterwards they
compare, record a tombstone for each that vanished and drop the tombstone of each that came back.
"""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from papers.models import Attachment, Committee, Consultation, CouncilPaper

from . import selectors
from .models import Tombstone

Key = tuple[str, str]


def paper_objects(paper_id) -> dict[Key, tuple]:
    """{(kind, key): (district id, created)} of the OParl objects of one paper that are public now."""
    found = {}
    for pk, district_id, created in (
        selectors.public_papers().filter(pk=paper_id).values_list("pk", "district_id", "created")
    ):
        found[("paper", str(pk))] = (district_id, created)
        found[("file", f"paper-{pk}")] = (district_id, created)
    for pk, district_id, created in (
        selectors.public_consultations().filter(paper_id=paper_id).values_list("pk", "district_id", "created")
    ):
        found[("consultation", str(pk))] = (district_id, created)
    for pk, district_id, created in (
        selectors.public_attachments().filter(paper_id=paper_id).values_list("pk", "district_id", "created")
    ):
        found[("file", f"attachment-{pk}")] = (district_id, created)
    return found


def _paper_id(instance):
    return instance.pk if isinstance(instance, CouncilPaper) else instance.paper_id


def _before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._oparl_before = paper_objects(_paper_id(instance))


def _after(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_oparl_before", None)
    if raw:
        return
    after = paper_objects(_paper_id(instance))
    record_changes(before or {}, after, paper_id=_paper_id(instance))
    instance._oparl_before = None


def record_changes(before: dict, after: dict, *, paper_id) -> None:
    """Tombstones for what was public and is no more; none for what is public (again)."""
    now = timezone.now()
    gone = [
        Tombstone(
            district_id=district_id,
            kind=kind,
            key=key,
            parent_kind="paper" if kind != "paper" else "",
            parent_id=paper_id if kind != "paper" else None,
            created=created,
            deleted_at=now,
        )
        for (kind, key), (district_id, created) in before.items()
        if (kind, key) not in after
    ]
    if gone:
        Tombstone.objects.bulk_create(gone, ignore_conflicts=True)
    for kind, key in after:
        if (kind, key) not in before:
            Tombstone.objects.filter(kind=kind, key=key).delete()


def _committee_deleted(sender, instance, **kwargs):
    Tombstone.objects.get_or_create(
        kind="organization",
        key=str(instance.pk),
        defaults={"district_id": instance.district_id, "created": instance.created, "deleted_at": timezone.now()},
    )


def connect() -> None:
    for model in (CouncilPaper, Consultation, Attachment):
        uid = f"oparl-{model.__name__}"
        pre_save.connect(_before, sender=model, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(_after, sender=model, dispatch_uid=f"{uid}-post-save")
        pre_delete.connect(_before, sender=model, dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(_after, sender=model, dispatch_uid=f"{uid}-post-delete")
    post_delete.connect(_committee_deleted, sender=Committee, dispatch_uid="oparl-committee-delete")
