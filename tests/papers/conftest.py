import pytest

from integration_portal import roles
from integration_portal.models import District

from ..factories import UserFactory


@pytest.fixture(autouse=True)
def fresh_media(media_root):
    return media_root


@pytest.fixture
def demo(demo_papers):
    """The demo papers with a member of each role of RD-ECK and a KIT member of another district."""
    rd_eck = demo_papers["district"]
    return {
        **demo_papers,
        "kit": UserFactory(username="demo-kit", district=rd_eck, role=roles.KIT_STAFF),
        "committee": UserFactory(username="demo-committee", district=rd_eck, role=roles.COMMITTEE_MEMBERS),
        "steering": UserFactory(username="demo-steering", district=rd_eck, role=roles.STEERING_GROUP),
        "outsider": UserFactory(
            username="dithmarschen-kit", district=District.objects.get(slug="dithmarschen"), role=roles.KIT_STAFF
        ),
    }
