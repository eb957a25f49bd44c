"""`manage.py restore ARCHIVE --yes`: replace all data and uploads with a backup's."""

import tarfile

from django.core.management.base import BaseCommand, CommandError

from integration_portal.backup import read_manifest, restore_backup


class Command(BaseCommand):
    help = "Replace the whole database and the uploaded files with those of a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Archive written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Confirm that all current data is replaced.")

    def handle(self, *args, archive, yes=False, **options):
        try:
            manifest = read_manifest(archive)
        except (OSError, KeyError, ValueError, tarfile.TarError) as error:
            raise CommandError(f"{archive} is not a backup of the portal: {error}") from error
        if not yes:
            raise CommandError(
                f"This replaces ALL data with the backup of {manifest['created']}. Run again with --yes to confirm."
            )
        restore_backup(archive)
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Restored {rows} rows and the uploaded files from {manifest['created']}.")
        )
