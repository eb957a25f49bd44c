"""Export a district's action plan as XLSX or CSV, in the layout the import reads."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from actionplan.exports import FORMATS, plan_export_bytes
from integration_portal.files import write_command_output

from ._plan_option import add_plan_arguments, plan_for


class Command(BaseCommand):
    help = _("Export a district's action plan as XLSX or CSV (one row per measure).")

    def add_arguments(self, parser):
        add_plan_arguments(parser)
        parser.add_argument("--format", choices=FORMATS, default="xlsx", dest="file_format", help=_("File format."))
        parser.add_argument("-o", "--output", required=True, help=_("File to write; “-” for standard output."))

    def handle(self, *args, district, file_format, output, plan=None, **options):
        plan = plan_for(district, plan)
        data = plan_export_bytes(plan=plan, file_format=file_format, path="command")
        write_command_output(output, data)
        self.stderr.write(_("%(plan)s: written to %(file)s") % {"plan": plan.title, "file": output})
