"""`manage.py restore ARCHIVE --yes`: replace the database and the uploads with a backup's."""

import tarfile

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from integration_portal.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = _("Replace the whole database and the uploaded files with those of a backup archive.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("Archive written by `manage.py backup`."))
        parser.add_argument("--yes", action="store_true", help=_("Confirm that all current data is replaced."))

    def handle(self, *args, archive, yes=False, **options):
        try:
            manifest = read_manifest(archive)
        except (OSError, KeyError, ValueError, tarfile.TarError) as error:
            raise CommandError(
                _("%(archive)s is not a backup of the portal: %(error)s") % {"archive": archive, "error": error}
            ) from error
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not yes:
            raise CommandError(
                _("This replaces ALL data with the backup of %(created)s. Run again with --yes to confirm.")
                % {"created": manifest["created"]}
            )
        try:
            restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows, files = sum(manifest["rows"].values()), len(manifest["media"])
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(rows)s rows and %(files)s uploaded files from %(created)s.")
                % {"rows": rows, "files": files, "created": manifest["created"]}
            )
        )
