"""The public pages pass axe-core's WCAG 2.1 A and AA rules, for visitors and for a logged-in member."""

import pytest
from django.core.management import call_command

from actionplan.models import ActionPlan
from integration_portal.management.commands.setup_demo import DEMO_DISTRICT, DEMO_PASSWORD

from .axe import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True  # the demo setup refuses to run otherwise
    call_command("setup_demo", verbosity=0)
    settings.DEBUG = False


def test_pages_have_no_accessibility_violations(live_server, page, demo):
    plan = ActionPlan.objects.get(district__slug=DEMO_DISTRICT)
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Benutzername").fill("steering")
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    for path in ("/", plan.district.get_absolute_url(), plan.get_absolute_url()):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
