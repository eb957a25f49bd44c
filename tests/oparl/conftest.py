import pytest


@pytest.fixture(autouse=True)
def fresh_media(media_root):
    return media_root


@pytest.fixture
def demo(demo_papers):
    return demo_papers
