"""The public pages pass axe-core's WCAG 2.1 A and AA rules, for visitors and for a logged-in member."""

import pytest

from actionplan.models import ActionPlan
from integration_portal.management.commands.setup_demo import DEMO_DISTRICT

from .axe import assert_accessible
from .demo import fill_login

pytestmark = pytest.mark.browser


def test_pages_have_no_accessibility_violations(live_server, page, demo):
    plan = ActionPlan.objects.get(district__slug=DEMO_DISTRICT)
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    fill_login(page, "steering")
    for path in ("/", plan.district.get_absolute_url(), plan.get_absolute_url()):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
