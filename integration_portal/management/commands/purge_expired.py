"""Delete what is kept only for a while: login records with client addresses, expired sessions, import files."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from integration_portal.retention import purge_expired


class Command(BaseCommand):
    help = _(
        "Delete failed-login records (with their IP addresses) older than LOGIN_RECORD_RETENTION_DAYS, "
        "expired sessions, and import files waiting for more than an hour, and rewrite the survey's tables in "
        "random order. Run it daily (SECURITY.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help=_("Keep login records this many days (default: the setting)."))

    def handle(self, *args, days=None, **options):
        purged = purge_expired(retention_days=days)
        self.stdout.write(
            _(
                "Deleted %(attempts)s login records, %(sessions)s expired sessions, %(files)s import files; "
                "survey tables rewritten in random order: %(tables)s."
            )
            % {
                "attempts": purged.login_attempts,
                "sessions": purged.sessions,
                "files": purged.import_files,
                "tables": purged.survey_tables,
            }
        )
        self.stdout.write(
            _("Deleted %(files)s export files older than %(hours)s hours.")
            % {"files": purged.export_files, "hours": settings.EXPORT_RETENTION_HOURS}
        )
