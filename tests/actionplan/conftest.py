"""Fixtures of the spreadsheet, history and conflict tests: the real demo plan and a KIT user of its district."""

import pytest
from django.core.management import call_command

from actionplan.models import ActionPlan
from integration_portal import roles

from ..factories import UserFactory, build_plan
from ..logins import logged_in_as


@pytest.fixture
def demo_plan(db):
    call_command("loaddata", "demo.json", verbosity=0)
    return ActionPlan.objects.get(pk=1)


@pytest.fixture
def demo_kit(demo_plan):
    return UserFactory(username="kit-demo", district=demo_plan.district, role=roles.KIT_STAFF)


demo_client = logged_in_as("demo_kit")


@pytest.fixture(params=[False, True], ids=["public", "kit"])
def logged_in(request, client, kit_user):
    """Runs the test as a visitor and again with KIT staff logged in on `client`."""
    if request.param:
        client.force_login(kit_user)
    return request.param


@pytest.fixture
def small_and_large_plan(district):
    """Adopted plans of 38 and of 2000 measures: what a page costs must not grow from one to the other."""
    return build_plan(district=district, measures=38), build_plan(district=district, measures=2000)
