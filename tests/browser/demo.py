"""The demo district in the browser tests: its setup, and logging in as one of its people."""

from django.core.management import call_command

from integration_portal.management.commands.setup_demo import DEMO_PASSWORD


def set_up_demo(settings):
    settings.DEMO_SETUP_ALLOWED = True  # the demo setup refuses to run where the settings do not allow it
    call_command("setup_demo", verbosity=0)


def fill_login(page, username, code=None):
    """Fills in and sends the login form the page shows, with the demo password."""
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    if code:
        page.get_by_label("Code aus der Authenticator-App").fill(code)
    # The next step must see the page the login leads to, not the login page still loading.
    with page.expect_event("load"):
        page.get_by_role("button", name="Anmelden").click()


def log_in(page, live_server, username, code=None, path="/accounts/login/"):
    page.goto(f"{live_server.url}{path}")
    fill_login(page, username, code)
