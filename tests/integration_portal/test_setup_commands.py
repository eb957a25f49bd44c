"""A new installation gets its first district and superuser from the command line."""

import pytest
from django.core.management import CommandError, call_command

from integration_portal.models import District, User


@pytest.mark.django_db
def test_first_district_and_superuser_on_an_empty_database(capsys):
    assert not District.objects.exists()
    call_command("add_district", "Kreis Rendsburg-Eckernförde", short_name="RD-ECK")
    district = District.objects.get()
    assert district.slug == "kreis-rendsburg-eckernfoerde"
    assert f"District {district.pk} created" in capsys.readouterr().out

    call_command(
        "createsuperuser", interactive=False, username="admin", email="admin@example.org", district=district.pk
    )
    assert User.objects.get(username="admin").district == district


@pytest.mark.django_db
def test_duplicate_district_is_refused_with_the_field_named(district):
    with pytest.raises(CommandError, match="name"):
        call_command("add_district", district.name, short_name="X")
    assert District.objects.count() == 1
