import pytest
from django.core.management import call_command

from integration_portal.models import District
from papers.models import CouncilPaper


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(db):
    """The demo data: the RD-ECK plan and its papers VO/2025/246 and Drucksache 2018/0412."""
    call_command("loaddata", "demo", "demo_papers", verbosity=0)
    rd_eck = District.objects.get(slug="rendsburg-eckernfoerde")
    return {
        "district": rd_eck,
        "paper": CouncilPaper.objects.get(district=rd_eck, reference="VO/2025/246"),
        "drucksache": CouncilPaper.objects.get(reference="Drucksache 2018/0412"),
    }
