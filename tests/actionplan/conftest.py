"""Fixtures of the spreadsheet, history and conflict tests: the real demo plan and a KIT user of its district."""

import pytest
from django.core.management import call_command

from actionplan.models import ActionPlan
from integration_portal import roles

from ..factories import UserFactory
from ..logins import logged_in_as


@pytest.fixture
def demo_plan(db):
    call_command("loaddata", "demo.json", verbosity=0)
    return ActionPlan.objects.get(pk=1)


@pytest.fixture
def demo_kit(demo_plan):
    return UserFactory(username="kit-demo", district=demo_plan.district, role=roles.KIT_STAFF)


demo_client = logged_in_as("demo_kit")
