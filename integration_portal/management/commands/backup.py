"""`manage.py backup [ARCHIVE]`: database and uploads in one archive (see integration_portal.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from integration_portal.backup import create_backup


class Command(BaseCommand):
    help = _("Write the whole database and every uploaded file into one .tar.gz archive.")

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help=_("File to write; default: integrationsportal-<UTC time>.tar.gz in the current folder."),
        )

    def handle(self, *args, archive=None, **options):
        path = Path(archive or f"integrationsportal-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz")
        manifest = create_backup(path)
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written to %(path)s: %(rows)s rows and the uploaded files.") % {"path": path, "rows": rows}
            )
        )
