"""`manage.py backup [ARCHIVE]`: a consistent snapshot of the database and the uploads in one archive
(see integration_portal.backup). Without ARCHIVE it writes into BACKUP_DIR and rotates the archives there."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from integration_portal.backup import FOLDER_MODE, BackupError, archive_name, archives_to_delete, create_backup


class Command(BaseCommand):
    help = _("Write a consistent snapshot of the database and every uploaded file into one archive.")

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help=_("File to write; default: integrationsportal-<UTC time>.tar in BACKUP_DIR, then rotate there."),
        )
        parser.add_argument("--keep-daily", type=int, default=settings.BACKUP_KEEP_DAILY, help=_("Days to keep."))
        parser.add_argument("--keep-weekly", type=int, default=settings.BACKUP_KEEP_WEEKLY, help=_("Weeks to keep."))

    def handle(self, *args, archive=None, keep_daily, keep_weekly, **options):
        folder = Path(settings.BACKUP_DIR)
        if archive is None:
            folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        path = Path(archive) if archive else folder / archive_name()
        try:
            manifest = create_backup(path)
        except BackupError as error:
            path.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written to %(path)s: %(rows)s rows and %(files)s uploaded files.")
                % {"path": path, "rows": sum(manifest["rows"].values()), "files": len(manifest["media"])}
            )
        )
        if archive is None:
            for old in archives_to_delete(folder, keep_daily=keep_daily, keep_weekly=keep_weekly):
                old.unlink()
                self.stdout.write(_("Deleted the older backup %(path)s.") % {"path": old})
