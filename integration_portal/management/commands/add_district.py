"""Create a district, e.g. the first one of a new installation, before its first user."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from integration_portal.models import District

# Web addresses spell umlauts the German way: “Eckernförde” → “eckernfoerde”.
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


class Command(BaseCommand):
    help = _("Create a district. Prints its id, which `createsuperuser --district` asks for.")

    def add_arguments(self, parser):
        parser.add_argument("name", help=_("Official name, e.g. “Kreis Rendsburg-Eckernförde”."))
        parser.add_argument("--short-name", required=True, help=_("Abbreviation, e.g. “RD-ECK”."))
        parser.add_argument("--slug", help=_("Part of the web address; made from the name when left out."))

    def handle(self, *args, name, short_name, slug=None, **options):
        district = District(name=name, short_name=short_name, slug=slug or slugify(name.translate(UMLAUTS)))
        try:
            district.full_clean()
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            ) from error
        district.save()
        self.stdout.write(
            _("District %(id)s created: %(name)s (/%(slug)s/)")
            % {"id": district.pk, "name": district.name, "slug": district.slug}
        )
