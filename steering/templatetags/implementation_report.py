"""The implementation report for the papers' PDF: papers render it as an annex without importing this app."""

from django import template

from ..report import implementation_report
from ..report_charts import report_context

register = template.Library()


@register.simple_tag
def implementation_report_annex(paper):
    """The report a paper names as its annex (year and reference date), ready for the report include."""
    report = implementation_report(
        district=paper.district, year=paper.annex_report_year, as_of=paper.annex_report_as_of
    )
    return report_context(report, for_pdf=True)
