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
