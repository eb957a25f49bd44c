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
    assert f"Kreis {district.pk} angelegt" in capsys.readouterr().out

    call_command(
        "createsuperuser", interactive=False, username="admin", email="admin@example.org", district=district.pk
    )
    assert User.objects.get(username="admin").district == district


@pytest.mark.django_db
def test_duplicate_district_is_refused_with_the_field_named(district):
    with pytest.raises(CommandError, match="name"):
        call_command("add_district", district.name, short_name="X")
    assert District.objects.count() == 1


@pytest.mark.django_db
def test_demo_setup_loads_the_plan_and_three_role_accounts_once(client, settings):
    from actionplan.models import Measure
    from integration_portal import roles
    from integration_portal.management.commands.setup_demo import DEMO_PASSWORD

    settings.DEBUG = True
    call_command("setup_demo", verbosity=0)
    # Every demo object starts with its loaded state as first version, so it can be restored.
    assert Measure.history.count() == Measure.objects.count() == 39
    Measure.objects.filter(text="Vernetzung schaffen").update(text="Vernetzung schaffen und pflegen")
    call_command("setup_demo", verbosity=0)  # a restart keeps what was edited

    assert Measure.objects.filter(text="Vernetzung schaffen und pflegen").exists()
    accounts = {user.username: user for user in User.objects.prefetch_related("groups")}
    assert {name: [g.name for g in user.groups.all()] for name, user in accounts.items()} == {
        "kit": [roles.KIT_STAFF],
        "steering": [roles.STEERING_GROUP],
        "committee": [roles.COMMITTEE_MEMBERS],
    }
    assert accounts["kit"].is_staff and not accounts["steering"].is_staff
    assert {user.district.slug for user in accounts.values()} == {"rendsburg-eckernfoerde"}
    assert client.login(username="steering", password=DEMO_PASSWORD)
