import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from integration_portal import roles
from integration_portal.models import District
from papers.models import CouncilPaper

from .factories import DistrictFactory, UserFactory
from .job_queue import queued_jobs  # noqa: F401 (the fixture, for every test folder)


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


@pytest.fixture
def kit_user(district):
    return UserFactory(username="kit-a", district=district, role=roles.KIT_STAFF)


@pytest.fixture
def other_kit_user(other_district):
    return UserFactory(username="kit-b", district=other_district, role=roles.KIT_STAFF)


@pytest.fixture
def steering_user(district):
    return UserFactory(username="steering-a", district=district, role=roles.STEERING_GROUP)


@pytest.fixture
def committee_user(district):
    return UserFactory(username="committee-a", district=district, role=roles.COMMITTEE_MEMBERS)


@pytest.fixture
def superuser(district):
    return UserFactory(username="root", district=district, is_staff=True, is_superuser=True)


@pytest.fixture
def kit_client(client, kit_user):
    client.force_login(kit_user)
    return client


@pytest.fixture
def second_kit_client(district):
    """A second KIT staff member of the district, logged in in a browser of their own."""
    second = Client()
    second.force_login(UserFactory(username="kit-zwei", district=district, role=roles.KIT_STAFF))
    return second


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
