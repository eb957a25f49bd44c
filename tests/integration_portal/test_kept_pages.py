"""Everything kept rendered is keyed by the release: a change of the code that renders pages is a new key."""

import pytest

from integration_portal import kept_pages


@pytest.fixture
def fresh_release():
    kept_pages.release.cache_clear()
    yield kept_pages.release
    kept_pages.release.cache_clear()


def test_the_release_changes_with_a_template_and_stays_without_a_change(settings, tmp_path, fresh_release):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<p>Eins</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [folder]}]
    first = fresh_release()
    fresh_release.cache_clear()
    assert fresh_release() == first
    (folder / "page.html").write_text("<p>Zwei</p>")
    fresh_release.cache_clear()
    assert fresh_release() != first
