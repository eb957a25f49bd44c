import pytest
from django.core.management import call_command

from integration_portal import roles
from integration_portal.models import District
from papers.models import CouncilPaper

from ..factories import UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Rendered and uploaded files go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(db):
    """The demo data: the RD-ECK plan (seed 002), VO/2025/246 (seed 001) and Drucksache 2018/0412 (seed 004)."""
    call_command("loaddata", "demo", "demo_papers", verbosity=0)
    rd_eck = District.objects.get(slug="rendsburg-eckernfoerde")
    return {
        "district": rd_eck,
        "paper": CouncilPaper.objects.get(district=rd_eck, reference="VO/2025/246"),
        "drucksache": CouncilPaper.objects.get(reference="Drucksache 2018/0412"),
        "kit": UserFactory(username="demo-kit", district=rd_eck, role=roles.KIT_STAFF),
        "committee": UserFactory(username="demo-committee", district=rd_eck, role=roles.COMMITTEE_MEMBERS),
        "steering": UserFactory(username="demo-steering", district=rd_eck, role=roles.STEERING_GROUP),
        "outsider": UserFactory(
            username="dithmarschen-kit", district=District.objects.get(slug="dithmarschen"), role=roles.KIT_STAFF
        ),
    }
