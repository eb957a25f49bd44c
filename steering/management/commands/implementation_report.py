"""Write the implementation report (Umsetzungsbericht) of a year as a PDF, for batch use and checks."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from integration_portal.files import write_command_output
from integration_portal.models import District
from steering import exports
from steering.report import default_as_of, implementation_report


def reference_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        message = _("“%(value)s” is not a date; write it as YYYY-MM-DD, e.g. 2026-06-30.") % {"value": value}
        raise CommandError(message) from None


class Command(BaseCommand):
    help = _("Write the implementation report of a year: the selected measures, their status and figures as of a date.")

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help=_("Slug of the district, e.g. “rendsburg-eckernfoerde”."))
        parser.add_argument("--year", required=True, type=int, help=_("The year of the annual selection, e.g. 2026."))
        parser.add_argument(
            "--as-of", help=_("Reference date (YYYY-MM-DD); default: today, or the year's last day once it is over.")
        )
        parser.add_argument("-o", "--output", required=True, help=_("File to write; “-” for standard output."))

    def handle(self, *args, district, year, as_of, output, **options):
        found = District.objects.filter(slug=district).first()
        if found is None:
            raise CommandError(_("No district “%(district)s”.") % {"district": district})
        as_of = reference_date(as_of) if as_of else default_as_of(year=year)
        report = implementation_report(district=found, year=year, as_of=as_of)
        pdf = exports.report_pdf(report)
        write_command_output(output, pdf)
        if output == "-":
            return
        self.stderr.write(
            _("Implementation report %(year)s as of %(date)s: %(count)d measures, %(size)s bytes written to %(file)s")
            % {
                "year": year,
                "date": as_of.strftime("%d.%m.%Y"),
                "count": report.measure_count,
                "size": len(pdf),
                "file": output,
            }
        )
