"""The filtered measure list as a spreadsheet and as a small PDF for the meeting."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors

# WeasyPrint resolves relative URLs against this base; the fetcher below serves only static files under it.
PDF_BASE_URL = "https://portal.invalid/"


def other_actors(measure):
    return ", ".join(
        f"{r.actor.label} ({r.get_role_display()})" for r in measure.responsibilities.all() if r.role != "lead"
    )


def selected_years(measure):
    return ", ".join(str(selection.year) for selection in measure.annual_selections.all())


def measure_rows(measures):
    """Header and one row per measure, as the list shows them."""
    header = [
        _("Field of action"),
        _("Problem/challenge"),
        _("Measure"),
        _("Status"),
        _("Target group"),
        _("Lead"),
        _("Further responsibilities"),
        _("Indicators achieved"),
        _("Selected for"),
        _("Open comments"),
    ]
    rows = [
        [
            measure.challenge.field.full_name,
            measure.challenge.text,
            measure.text,
            str(measure.get_status_display()),
            measure.target_group.name if measure.target_group else "",
            selectors.lead_actors(measure),
            other_actors(measure),
            f"{measure.achieved_count}/{measure.indicator_count}",
            selected_years(measure),
            measure.open_comment_count,
        ]
        for measure in measures
    ]
    return header, rows


def static_file_response(url):
    """The static file `url` names under PDF_BASE_URL as (body, content type); ValueError for anything else."""
    static_prefix = PDF_BASE_URL + settings.STATIC_URL.lstrip("/")
    path = urlsplit(url).path
    if not url.startswith(static_prefix) or ".." in path.split("/"):
        raise ValueError(f"Refused to fetch {url!r}: only the portal's static files are available.")
    found = finders.find(url[len(static_prefix) :].split("?")[0].split("#")[0])
    if not found:
        raise ValueError(f"No static file {url!r}.")
    with open(found, "rb") as handle:
        body = handle.read()
    content_type = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        found[found.rfind(".") :], "application/octet-stream"
    )
    return body, content_type


def static_files_only_fetcher():
    """A WeasyPrint URL fetcher that serves the app's own static files and refuses every other URL."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            body, content_type = static_file_response(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return StaticFilesOnlyFetcher()


def measure_list_pdf(request, *, plan, measures, active_filters):
    from weasyprint import HTML

    html = render_to_string(
        "steering/measure_list_pdf.html",
        {
            "plan": plan,
            "measures": [(measure, selectors.lead_actors(measure)) for measure in measures],
            "active_filters": active_filters,
            "now": timezone.localtime(),
        },
        request=request,
    )
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=static_files_only_fetcher()).write_pdf()


def pdf_response(pdf, filename):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
