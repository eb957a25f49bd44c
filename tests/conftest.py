import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from integration_portal import roles
from integration_portal.models import District
from papers.models import CouncilPaper

from .factories import DistrictFactory, UserFactory
from .job_queue import queued_jobs  # noqa: F401 (the fixture, for every test folder)
from .logins import logged_in_as, user_in_role


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, as in the demo, not memory: the live server's threads then
    open connections of their own and meet SQLite's locking as the demo server's requests do."""
    default = settings.DATABASES["default"]
    if default["ENGINE"] == "django.db.backends.sqlite3":
        default.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


@pytest.fixture
def district(db):
    return DistrictFactory(name="Kreis Rendsburg-Eckernförde", short_name="RD-ECK", slug="rendsburg-eckernfoerde")


@pytest.fixture
def other_district(db):
    return DistrictFactory(name="Kreis Ostholstein", short_name="OH", slug="ostholstein")


kit_user = user_in_role("kit-a", roles.KIT_STAFF)
other_kit_user = user_in_role("kit-b", roles.KIT_STAFF, district="other_district")
steering_user = user_in_role("steering-a", roles.STEERING_GROUP)
committee_user = user_in_role("committee-a", roles.COMMITTEE_MEMBERS)


@pytest.fixture
def superuser(district):
    return UserFactory(username="root", district=district, is_staff=True, is_superuser=True)


kit_client = logged_in_as("kit_user")
steering_client = logged_in_as("steering_user")
committee_client = logged_in_as("committee_user")


@pytest.fixture
def second_kit_client(district):
    """A second KIT staff member of the district, logged in in a browser of their own."""
    second = Client()
    second.force_login(UserFactory(username="kit-zwei", district=district, role=roles.KIT_STAFF))
    return second


@pytest.fixture
def empty_cache():
    """A cache without what earlier tests left in it, emptied again after the test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    """Rendered and uploaded files go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_papers(db):
    """The demo data: the RD-ECK plan (seed 002), VO/2025/246 (seed 001) and Drucksache 2018/0412 (seed 004)."""
    call_command("loaddata", "demo", "demo_papers", verbosity=0)
    rd_eck = District.objects.get(slug="rendsburg-eckernfoerde")
    return {
        "district": rd_eck,
        "paper": CouncilPaper.objects.get(district=rd_eck, reference="VO/2025/246"),
        "drucksache": CouncilPaper.objects.get(reference="Drucksache 2018/0412"),
    }
