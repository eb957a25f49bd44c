"""Load the demo data and create the demo accounts. Development only: production gets neither."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from integration_portal import roles
from integration_portal.models import District, User

# Loaded in this order into an empty database (fixtures/).
DEMO_FIXTURES = ["demo", "demo_participation", "demo_papers"]
DEMO_DISTRICT = "rendsburg-eckernfoerde"
DEMO_PASSWORD = "Demo-Passwort-2025"  # noqa: S105 - published in the README on purpose # nosec B105
DEMO_ACCOUNTS = [
    # username, group, may use the admin, display name
    ("kit", roles.KIT_STAFF, True, ("Kira", "Iversen")),
    ("steering", roles.STEERING_GROUP, False, ("Stefan", "Gruber")),
    ("committee", roles.COMMITTEE_MEMBERS, False, ("Clara", "Meiners")),
]


class Command(BaseCommand):
    help = _("Load the demo data (fixtures/) into an empty database and create the demo accounts.")

    def handle(self, *args, **options):
        if not settings.DEMO_SETUP_ALLOWED:
            raise CommandError(
                _("The demo setup runs only with the development settings; production creates no demo accounts.")
            )
        with transaction.atomic():
            if District.objects.exists():
                self.stdout.write(_("Data present: demo data not loaded again."))
            else:
                call_command("loaddata", *DEMO_FIXTURES, verbosity=0)
                # Fixtures load without history; record their state as each object's first version.
                call_command("populate_history", auto=True, verbosity=0)
                self.stdout.write(_("Demo data loaded."))
            district = District.objects.get(slug=DEMO_DISTRICT)
            for username, group_name, is_staff, (first_name, last_name) in DEMO_ACCOUNTS:
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={
                        "district": district,
                        "first_name": first_name,
                        "last_name": last_name,
                        "is_staff": is_staff,
                    },
                )
                if created:
                    user.set_password(DEMO_PASSWORD)
                    user.save()
                    user.groups.add(Group.objects.get(name=group_name))
                    self.stdout.write(_("Demo account “%(username)s” created.") % {"username": username})
