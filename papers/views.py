"""Pages of a district's council papers, the PDF download and the attachment download."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from actionplan.selectors import district_get
from integration_portal.caching import mark_private, mark_public
from integration_portal.http import found_or_404
from integration_portal.jobs.models import Job
from integration_portal.uploads import serve_file

from . import selectors, services
from .forms import PaperFilterForm
from .jobs import draft_for_download


class PaperListView(TemplateView):
    """The district's papers, filtered: all of them for its committee members, steering group and KIT
    staff; the released public ones for everybody else, as in a council information system."""

    template_name = "papers/paper_list.html"

    def get_context_data(self, **kwargs):
        district = found_or_404(district_get(slug=self.kwargs["slug"]))
        user = self.request.user
        form = PaperFilterForm(
            self.request.GET or None,
            statuses=selectors.status_choices(user=user, district=district),
            committees=selectors.committee_choices(user=user, district=district),
            meetings=selectors.meeting_choices(user=user, district=district),
            years=selectors.paper_years(user=user, district=district),
        )
        filters = form.cleaned_data if form.is_valid() else {}
        papers = selectors.paper_list(user=user, district=district, filters=filters)
        return super().get_context_data(district=district, form=form, papers=papers, **kwargs)


class PaperDetailView(TemplateView):
    """The whole paper as its PDF has it, with the Beratungsfolge's meetings, results and extracts."""

    template_name = "papers/paper_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        paper = found_or_404(selectors.paper_detail(user=user, district_slug=self.kwargs["slug"], pk=self.kwargs["pk"]))
        reads_everything = selectors.reads_everything(user=user, district=paper.district)
        plan = paper.annex_plan
        return super().get_context_data(
            paper=paper,
            reads_everything=reads_everything,
            # The current plan page; a draft plan only for the district's own users.
            annex_plan=plan if plan and (not plan.is_draft or reads_everything) else None,
            **kwargs,
        )


class MeetingListView(TemplateView):
    """The district's meetings (Sitzungskalender): public ones for everybody, all for the district's readers."""

    template_name = "papers/meeting_list.html"

    def get_context_data(self, **kwargs):
        district = found_or_404(district_get(slug=self.kwargs["slug"]))
        meetings = selectors.meeting_list(user=self.request.user, district=district)
        return super().get_context_data(district=district, meetings=meetings, **kwargs)


class MeetingDetailView(TemplateView):
    """A meeting with its agenda; visitors never see non-public agenda items."""

    template_name = "papers/meeting_detail.html"

    def get_context_data(self, **kwargs):
        meeting, items = found_or_404(
            selectors.meeting_detail(user=self.request.user, district_slug=self.kwargs["slug"], pk=self.kwargs["pk"])
        )
        return super().get_context_data(meeting=meeting, agenda_items=items, **kwargs)


# File names as the districts name these documents (like “Anlage” of attachments).
MEETING_FILES = {"invitation": "Einladung", "minutes": "Niederschrift"}


def meeting_file(request, slug, pk, kind):
    """The invitation or the minutes of a meeting, for whoever may see the meeting."""
    if kind not in MEETING_FILES:
        raise Http404
    meeting = found_or_404(selectors.meeting_get(user=request.user, district_slug=slug, pk=pk))
    file = getattr(meeting, kind)
    if not file:
        raise Http404
    services.meeting_file_record(meeting=meeting, user=request.user, kind=kind)
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else "pdf"
    response = serve_file(file, f"{MEETING_FILES[kind]}-{meeting.date:%Y-%m-%d}.{extension}")
    return mark_public(response) if meeting.is_public else mark_private(response)


def extract_pdf(request, slug, pk, consultation_pk):
    """The decision extract of one result: for whoever may see the paper and the result."""
    consultation = found_or_404(
        selectors.extract_get(user=request.user, district_slug=slug, pk=pk, consultation_pk=consultation_pk)
    )
    job = services.extract_pdf_job(consultation=consultation, user=request.user)
    if job is not None:
        return redirect(job)  # the job page: state and progress until the extract is written
    services.extract_download_record(consultation=consultation, user=request.user)
    filename = f"{consultation.paper.pdf_filename[:-4]}-Beschlussauszug-{consultation.meeting_date:%Y-%m-%d}.pdf"
    response = FileResponse(
        default_storage.open(consultation.extract_pdf.name, "rb"),
        as_attachment=False,
        filename=filename,
        content_type="application/pdf",
    )
    public = consultation.is_published and consultation.paper.is_public and consultation.paper.is_released
    return mark_public(response) if public else mark_private(response)


def paper_pdf(request, slug, pk):
    """The paper's PDF: the frozen file once released, else the draft's file for its current content.

    A lookup and a file, never a render: while the file is being made, the job page answers instead;
    `?previous` gives a draft's last file even while a newer one is being made (marked outdated there).
    """
    paper = found_or_404(selectors.paper_get(user=request.user, district_slug=slug, pk=pk))
    if paper.is_released:
        job = services.released_pdf_job(paper=paper, user=request.user)
        path = paper.released_pdf.name
    else:
        found = draft_for_download(paper=paper, user=request.user, previous="previous" in request.GET)
        job, path = (found, None) if isinstance(found, Job) else (None, found)
    if job is not None:
        return redirect(job)
    services.download_record(paper=paper, user=request.user)
    response = FileResponse(
        default_storage.open(path, "rb"),
        # The admin's preview opens the PDF in the browser; every other link downloads it.
        as_attachment="inline" not in request.GET,
        filename=paper.pdf_filename,
        content_type="application/pdf",
    )
    # A released public paper is frozen and the same for everybody; drafts and non-public papers are not.
    return mark_public(response) if paper.is_released and paper.is_public else mark_private(response)


def attachment_download(request, slug, pk, attachment_pk):
    """An uploaded attachment, for whoever may see the paper."""
    paper = found_or_404(selectors.paper_get(user=request.user, district_slug=slug, pk=pk))
    attachment = get_object_or_404(paper.attachments.all(), pk=attachment_pk)
    if not attachment.file:
        raise Http404
    services.download_record(paper=paper, user=request.user, attachment=attachment)
    response = serve_file(attachment.file, attachment.download_name)
    return mark_public(response) if paper.is_released and paper.is_public else mark_private(response)
