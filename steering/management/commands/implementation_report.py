"""Write the implementation report (Umsetzungsbericht) of a year as a PDF, for batch use and checks."""

import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from integration_portal.commands import FileCommand, district_for
from steering import exports
from steering.report import default_as_of, implementation_report


def reference_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        message = _("“%(value)s” is not a date; write it as YYYY-MM-DD, e.g. 2026-06-30.") % {"value": value}
        raise CommandError(message) from None


class Command(FileCommand):
    help = _("Write the implementation report of a year: the selected measures, their status and figures as of a date.")

    def add_file_arguments(self, parser):
        parser.add_argument("--year", required=True, type=int, help=_("The year of the annual selection, e.g. 2026."))
        parser.add_argument(
            "--as-of", help=_("Reference date (YYYY-MM-DD); default: today, or the year's last day once it is over.")
        )

    def make_file(self, *, district, year, as_of, **options):
        found = district_for(district)
        as_of = reference_date(as_of) if as_of else default_as_of(year=year)
        report = implementation_report(district=found, year=year, as_of=as_of)
        pdf = exports.report_pdf(report)
        return (
            pdf,
            _("Implementation report %(year)s as of %(date)s: %(count)d measures, %(size)s bytes written to %(file)s"),
            {"year": year, "date": as_of.strftime("%d.%m.%Y"), "count": report.measure_count, "size": len(pdf)},
        )
