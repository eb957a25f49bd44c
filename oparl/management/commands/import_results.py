"""`python manage.py import_results --district SLUG`: results from the district's council system (OParl)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from integration_portal import history
from integration_portal.models import District
from oparl.client import OParlError
from oparl.importer import import_results


class Command(BaseCommand):
    help = "Takes outcomes, votes and meeting dates of the district's papers from its council system (OParl)."

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="The district's slug, e.g. rendsburg-eckernfoerde.")

    def handle(self, *args, district, **options):
        try:
            target = District.objects.get(slug=district)
        except District.DoesNotExist:
            raise CommandError(_("There is no district “%(slug)s”.") % {"slug": district}) from None
        try:
            changes = import_results(district=target, path=history.COMMAND)
        except OParlError as error:
            raise CommandError(str(error)) from None
        for line in changes:
            self.stdout.write(line)
        if changes:
            self.stdout.write(self.style.SUCCESS(_("%(count)s results taken over.") % {"count": len(changes)}))
        else:
            self.stdout.write(_("No changes: every result is up to date."))
