"""What the OParl interface remembers beyond the papers themselves: objects it once published and no more."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from integration_portal.models import District


class Tombstone(models.Model):
    """A public object that was deleted or made non-public. OParl clients sync by it (`deleted: true`).

    Kept per object kind and key, e.g. ("paper", "12") or ("file", "attachment-5"); a parent lets the
    embedding object (the paper of a consultation) report itself as modified when a child goes away.
    """

    class Kind(models.TextChoices):
        PAPER = "paper", "Paper"
        CONSULTATION = "consultation", "Consultation"
        FILE = "file", "File"
        MEETING = "meeting", "Meeting"
        AGENDA_ITEM = "agendaitem", "AgendaItem"
        LOCATION = "location", "Location"
        ORGANIZATION = "organization", "Organization"
        PERSON = "person", "Person"

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+", verbose_name=_("district"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=64)
    parent_kind = models.CharField(_("parent kind"), max_length=20, blank=True)
    parent_id = models.PositiveIntegerField(_("parent id"), null=True, blank=True)
    created = models.DateTimeField(_("created"))
    deleted_at = models.DateTimeField(_("deleted at"), db_index=True)

    class Meta:
        ordering = ["deleted_at", "pk"]
        verbose_name = _("deleted OParl object")
        verbose_name_plural = _("deleted OParl objects")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="tombstone_unique_object")]
        indexes = [models.Index(fields=["parent_kind", "parent_id"], name="tombstone_parent")]

    def __str__(self):
        return f"{self.kind} {self.key}"
