"""Import an action plan from XLSX or CSV, with the same checks and messages as the admin's import."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from actionplan import freezing, imports
from integration_portal import history

from ._plan_option import add_plan_arguments, plan_for


class Command(BaseCommand):
    help = _("Import measures from an XLSX or CSV file (one row per measure) into a district's action plan.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Path of the XLSX or CSV file."))
        add_plan_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help=_("Only show what would change; write nothing."))

    def handle(self, *args, file, district, plan=None, dry_run=False, **options):
        plan = plan_for(district, plan)
        if plan.is_frozen:
            raise CommandError(str(freezing.FROZEN_MESSAGE))
        path = Path(file)
        try:
            if path.stat().st_size > imports.MAX_BYTES:
                raise CommandError(str(imports.ImportFileError(_("The file is larger than 10 MB."))))
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("The file “%(file)s” cannot be read: %(reason)s.") % {"file": file, "reason": error.strerror}
            ) from error
        try:
            rows = imports.read_table(data, path.name)
        except imports.ImportFileError as error:
            raise CommandError(str(error)) from error
        if dry_run:
            with history.history_path(history.COMMAND):
                analysis = imports.analyse(plan=plan, rows=rows)
            self._report(analysis)
            if not analysis.is_valid:
                raise CommandError(_("The file has errors; nothing was imported."))
            self.stdout.write(_("Dry run: nothing was saved."))
            return
        result = imports.apply_import(plan=plan, rows=rows, path=history.COMMAND, filename=path.name)
        self._report(result.analysis)
        if not result.analysis.is_valid:
            raise CommandError(_("The file has errors; nothing was imported."))
        self.stdout.write(imports.import_done_message(created=result.created, changed=result.changed))

    def _report(self, analysis):
        counts = analysis.counts
        self.stdout.write(
            _("new: %(new)s, changed: %(changed)s, unchanged: %(unchanged)s, invalid: %(invalid)s") % counts
        )
        if analysis.unknown_columns:
            self.stdout.write(_("Unknown columns, not imported:") + " " + ", ".join(analysis.unknown_columns))
        if analysis.new_actors:
            self.stdout.write(_("Unknown actors, created on confirmation:") + " " + "; ".join(analysis.new_actors))
        for error in analysis.all_errors:
            self.stderr.write(str(error))
