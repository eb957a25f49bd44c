"""Export a district's action plan as XLSX or CSV, in the layout the import reads."""

from django.utils.translation import gettext as _

from actionplan.exports import FORMATS, plan_export_bytes
from integration_portal.commands import FileCommand

from ._plan_option import add_plan_argument, plan_for


class Command(FileCommand):
    help = _("Export a district's action plan as XLSX or CSV (one row per measure).")

    def add_file_arguments(self, parser):
        add_plan_argument(parser)
        parser.add_argument("--format", choices=FORMATS, default="xlsx", dest="file_format", help=_("File format."))

    def make_file(self, *, district, file_format, plan=None, **options):
        plan = plan_for(district, plan)
        data = plan_export_bytes(plan=plan, file_format=file_format, path="command")
        return data, _("%(plan)s: written to %(file)s"), {"plan": plan.title}
