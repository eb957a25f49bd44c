"""What the management commands that write one file of a district share: their options, the district and the
writing of the file."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from .files import write_command_output
from .models import District


def add_district_argument(parser):
    parser.add_argument("--district", required=True, help=_("Slug of the district, e.g. “rendsburg-eckernfoerde”."))


def district_for(slug: str) -> District:
    """The district of a command's `--district`, or a German error that names the slug."""
    district = District.objects.filter(slug=slug).first()
    if district is None:
        raise CommandError(_("Unknown district “%(district)s”.") % {"district": slug})
    return district


class FileCommand(BaseCommand):
    """A command that writes one file (a PDF, an export): `--district SLUG … -o FILE`, “-” for standard output.

    A subclass adds its own options in `add_file_arguments` and makes the file in `make_file`. That returns the
    bytes and the line reported on standard error with its parameters; the line names the file as `%(file)s`.
    """

    def add_arguments(self, parser):
        add_district_argument(parser)
        self.add_file_arguments(parser)
        parser.add_argument("-o", "--output", required=True, help=_("File to write; “-” for standard output."))

    def add_file_arguments(self, parser):
        """The command's own options."""

    def make_file(self, *, district: str, **options) -> tuple[bytes, str, dict]:
        raise NotImplementedError

    def handle(self, *args, output, **options):
        data, report, params = self.make_file(**options)
        write_command_output(output, data)
        # Standard output may be the file itself: the report is for a named file only.
        if output != "-":
            self.stderr.write(report % {**params, "file": output})
