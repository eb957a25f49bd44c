"""The filtered measure list as a spreadsheet and as a small PDF for the meeting."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from integration_portal.audit import log_event
from integration_portal.pdf import write_pdf
from integration_portal.spreadsheets import xlsx_bytes

from . import selectors
from .report_charts import report_context


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


def measure_list_pdf_bytes(*, plan, measure_filter):
    """The filtered list as a small PDF for the meeting."""
    html = render_to_string(
        "steering/measure_list_pdf.html",
        {
            "plan": plan,
            "measures": [(m, selectors.lead_actors(m)) for m in selectors.with_list_data(measure_filter.qs)],
            "active_filters": measure_filter.active_filters(),
            "now": timezone.localtime(),
        },
    )
    return write_pdf(html, stylesheets=["steering/pdf.css"])


def measure_list_file(*, plan, measure_filter, file_format: str, user) -> tuple[str, bytes]:
    """(file name, bytes) of the filtered list as XLSX or PDF, written to the audit log as `user`'s export."""
    if file_format == "pdf":
        name, data = "massnahmen.pdf", measure_list_pdf_bytes(plan=plan, measure_filter=measure_filter)
    else:
        header, rows = measure_rows(selectors.with_list_data(measure_filter.qs))
        name, data = "massnahmen.xlsx", xlsx_bytes(header, rows, title=_("Measures"))
    log_event("steering_export", user=user, format=file_format)
    return name, data


REPORT_STYLESHEETS = ["pdf/fonts.css", "steering/report_document.css", "steering/report_pdf.css"]


def report_html(report):
    """The implementation report as a document of its own (the command and the workspace's job)."""
    with translation.override("de"):
        return render_to_string(
            "steering/implementation_report_pdf.html", report_context(report, for_pdf=True) | {"h2": 2, "h3": 3}
        )


def report_pdf(report):
    return write_pdf(report_html(report), stylesheets=REPORT_STYLESHEETS)


def report_download(report, *, user) -> tuple[str, bytes]:
    """(file name, PDF) of the report as `user` asked for it (the job's work), written to the audit log."""
    pdf = report_pdf(report)
    log_event("steering_export", user=user, format="report-pdf")
    return report_filename(report), pdf


def report_filename(report):
    return f"umsetzungsbericht-{report.year}-{report.as_of:%Y-%m-%d}.pdf"
