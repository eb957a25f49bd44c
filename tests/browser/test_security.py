"""In a real browser: the Content-Security-Policy blocks nothing the portal and its admin need, and no page
asks any server but the portal's own."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from actionplan.models import ActionPlan, Measure
from integration_portal.management.commands.setup_demo import DEMO_DISTRICT, DEMO_PASSWORD
from integration_portal.models import User

from ..security.conftest import district_owned_models
from ..security.surface import browser_urls, district_admin_models
from .axe import assert_accessible
from .demo import log_in

pytestmark = pytest.mark.browser

# Every violation of the page's CSP, collected in the page (the listener is added by the browser, not the page).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI} (${where})`);
});
"""


@pytest.fixture
def watched(page, live_server):
    """The page, recording every request it makes, every CSP violation and every console error."""
    requests, console = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.context.add_init_script(RECORD_VIOLATIONS)

    def visit(path):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        check(path)

    def check(path):
        violations = page.evaluate("window.__cspViolations")
        assert violations == [], f"{path}: {violations}"
        blocked = [text for text in console if "Content Security Policy" in text or "Refused to" in text]
        assert blocked == [], f"{path}: {blocked}"
        foreign = [url for url in requests if not url.startswith((live_server.url, "data:", "blob:"))]
        assert foreign == [], f"{path} asked other servers: {foreign}"

    page.visit = visit
    page.check_page = check
    page.requests = requests
    return page


def demo_pages(district):
    """Every page outside the admin for the demo district's objects, and every district admin's change list
    and change form: new apps' pages are visited as soon as their URLs and admins exist."""
    objects = []
    for model in district_owned_models():
        obj = model._default_manager.filter(district=district).order_by("pk").first()
        if obj is not None:
            objects.append(obj)
    paths = [url for label, url in browser_urls(district, objects) if label != "logout"]
    for model in district_admin_models():
        meta = model._meta
        paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        obj = model._default_manager.filter(district=district).order_by("pk").first()
        if obj is not None:
            paths.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    return paths


def test_pages_and_admin_work_under_the_csp_and_ask_only_the_portal(live_server, watched, demo):
    plan = ActionPlan.objects.get(district__slug=DEMO_DISTRICT)
    measure = Measure.objects.filter(indicators__isnull=False).first()
    page = watched
    for path in ("/", plan.district.get_absolute_url(), plan.get_absolute_url(), "/accounts/login/"):
        page.visit(path)
    log_in(page, live_server, "kit")
    page.check_page("login")
    visited = 0
    for path in [*demo_pages(plan.district), "/admin/", "/admin/actionplan/measure/add/", "/accounts/two-factor/"]:
        # Pages only: downloads (PDF, spreadsheets) and refusals are checked elsewhere.
        response = page.request.get(f"{live_server.url}{path}", max_redirects=0)
        if response.status == 200 and response.headers.get("content-type", "").startswith("text/html"):
            page.visit(path)
            visited += 1
    assert visited >= 25
    # The admin's own scripts ran: the inline rows got their "add another" link.
    page.goto(f"{live_server.url}/admin/actionplan/measure/{measure.pk}/change/")
    expect(page.locator("#indicators-group .add-row a")).to_be_visible()
    page.check_page("measure change form")


def test_a_superuser_sets_up_the_second_factor_before_the_admin_opens(live_server, page, demo, settings):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True
    admin = User.objects.create_superuser(
        "admin",
        "admin@example.org",
        DEMO_PASSWORD,
        district=ActionPlan.objects.get(district__slug=DEMO_DISTRICT).district,
    )
    log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/admin/")
    expect(page.get_by_role("heading", name="Zweiter Faktor")).to_be_visible()
    expect(page.locator(".otp-qr svg")).to_be_visible()
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=admin)
    page.get_by_label("Code aus der Authenticator-App").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Bestätigen").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_contain_text("Integrationsportal")
