"""Write a paper's PDF to a file, for batch use and checks: `render_paper VO/2025/246 --district SLUG -o FILE`."""

from django.core.files.storage import default_storage
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from integration_portal.commands import FileCommand
from integration_portal.jobs.services import job_run
from papers import services
from papers.models import CouncilPaper
from papers.pdf import render_paper_pdf


class Command(FileCommand):
    help = _("Write the PDF of a council paper: the frozen file once released, else a fresh render of the draft.")

    def add_file_arguments(self, parser):
        parser.add_argument("reference", help=_("The paper's reference, e.g. “VO/2025/246”."))

    def make_file(self, *, reference, district, **options):
        try:
            paper = CouncilPaper.objects.select_related("district").get(district__slug=district, reference=reference)
        except CouncilPaper.DoesNotExist:
            raise CommandError(
                _("No paper “%(reference)s” in the district “%(district)s”.")
                % {"reference": reference, "district": district}
            ) from None
        if paper.is_released:
            job = services.released_pdf_job(paper=paper)
            if job is not None:
                # A paper imported as released without its file: this command freezes it itself, as a worker would.
                job_run(job_id=str(job.pk))
                paper.refresh_from_db(fields=["released_pdf"])
            with default_storage.open(paper.released_pdf.name, "rb") as file:
                pdf = file.read()
        else:
            pdf = render_paper_pdf(paper)
        return (
            pdf,
            _("%(reference)s: %(size)s bytes written to %(file)s"),
            {"reference": paper.reference, "size": len(pdf)},
        )
