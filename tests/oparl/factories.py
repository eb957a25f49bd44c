"""Papers as the OParl interface sees them: released (or not), public (or not), with files."""

from django.core.files.base import ContentFile

from papers.models import Attachment, CouncilPaper

from ..papers.factories import make_paper


def released_paper(*, district, consultations=2, attachments=1, public=True, status="released", **fields):
    """A paper in `status` with consultations and uploaded attachments; the status set as a release leaves it."""
    if not public:
        fields.update(is_public=False, non_public_reason="Personalangelegenheit")
    paper = make_paper(district=district, consultations=consultations, **fields)
    for number in range(attachments):
        Attachment.objects.create(
            district=district,
            paper=paper,
            title=f"Anlage {number + 1} zu {paper.reference}",
            order=number + 1,
            file=ContentFile(b"%PDF-1.4 test", name=f"anlage-{number + 1}.pdf"),
        )
    paper.status = status
    paper.save()
    return CouncilPaper.objects.get(pk=paper.pk)


def meeting_with_agenda(*, paper, public=True, committee=None, **fields):
    """A held meeting of the committee of the paper's first consultation, with a public and a non-public item.

    The public item handles that consultation; the meeting has a location and an invitation.
    """
    import datetime

    from django.utils import timezone

    from papers.models import AgendaItem, Location, Meeting

    consultation = paper.consultations.order_by("order").first()
    location = Location.objects.create(
        district=paper.district,
        description="Kreishaus, Sitzungssaal",
        street_address="Kaiserstraße 8",
        postal_code="24768",
        locality="Rendsburg",
    )
    meeting = Meeting.objects.create(
        district=paper.district,
        committee=committee or consultation.committee,
        start=timezone.make_aware(datetime.datetime(2025, 9, 23, 17, 0)),
        location=location,
        is_public=public,
        state=Meeting.State.HELD,
        invitation=ContentFile(b"%PDF-1.4 Einladung", name="einladung.pdf"),
        **fields,
    )
    public_item = AgendaItem.objects.create(
        district=paper.district, meeting=meeting, number="Ö 5", order=5, title=paper.title
    )
    AgendaItem.objects.create(
        district=paper.district,
        meeting=meeting,
        number="N 2.1",
        order=20,
        title="Grundstücksangelegenheit Müller",
        is_public=False,
    )
    consultation.agenda_item = public_item
    consultation.save()
    return meeting
