"""The measure page shows what was changed, by whom and through which path."""

import pytest
from django.test import Client
from django.urls import reverse

from actionplan.models import Actor, Measure, Responsibility
from integration_portal.history import ADMIN, history_path

from ..factories import MeasureFactory
from ..queries import count_queries

pytestmark = pytest.mark.django_db


def test_measure_page_shows_an_edit_field_by_field(steering_client, kit_user, small_plan):
    measure = small_plan["jobs"]
    old_text = measure.text
    with history_path(ADMIN):
        measure = Measure.objects.get(pk=measure.pk)
        measure.text = "Jobcoaching für Geflüchtete ausbauen"
        measure._history_user = kit_user
        measure.save()

    content = steering_client.get(reverse("steering:measure_detail", args=[measure.pk])).content.decode()
    history = content[content.index("Änderungsverlauf") :]
    assert old_text in history and "Jobcoaching für Geflüchtete ausbauen" in history
    assert kit_user.username in history or kit_user.get_full_name() in history


def test_the_page_lists_the_newest_changes_and_links_the_whole_history(steering_client, small_plan):
    measure = small_plan["jobs"]
    for number in range(25):
        changed = Measure.objects.get(pk=measure.pk)
        changed.text = f"Fassung {number}"
        changed.save()

    page = steering_client.get(reverse("steering:measure_detail", args=[measure.pk])).content.decode()
    history = page[page.index("Änderungsverlauf") :]
    assert "Fassung 23 → Fassung 24" in history
    assert "Fassung 2 → Fassung 3" not in history
    assert "Nur die neuesten Änderungen sind hier aufgeführt." in history
    whole_url = reverse("steering:measure_history", args=[measure.pk])
    assert f'href="{whole_url}"' in history

    whole = steering_client.get(whole_url).content.decode()
    assert "Fassung 23 → Fassung 24" in whole and "Fassung 0 → Fassung 1" in whole
    assert "Nur die neuesten Änderungen" not in whole


def test_a_short_history_has_no_link_and_the_whole_history_is_the_districts_own(
    steering_client, small_plan, other_district
):
    measure = small_plan["jobs"]
    page = steering_client.get(reverse("steering:measure_detail", args=[measure.pk])).content.decode()
    assert "Nur die neuesten Änderungen" not in page
    foreign = MeasureFactory(district=other_district)
    assert steering_client.get(reverse("steering:measure_history", args=[foreign.pk])).status_code == 404
    visitor = Client().get(reverse("steering:measure_history", args=[measure.pk]))
    assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]


def _history(page: str) -> str:
    return page[page.index("Änderungsverlauf") :]


@pytest.mark.usefixtures("empty_cache")
def test_the_page_keeps_its_history_and_shows_each_change_and_renamed_actor_at_once(steering_client, small_plan):
    measure = small_plan["jobs"]
    url = reverse("steering:measure_detail", args=[measure.pk])
    first = _history(steering_client.get(url).content.decode())
    assert "„Jobcenter (verantwortlich)“" in first

    with count_queries() as queries:
        again = steering_client.get(url).content.decode()
    # One query reads the newest record of each source, the key of the kept history; no record is read.
    assert _history(again) == first
    assert len([sql for sql in queries if "historical" in sql]) == 1

    responsibility = Responsibility.objects.get(measure=measure)
    responsibility.note = "Termine auch abends"
    responsibility.save()
    assert "Termine auch abends" in _history(steering_client.get(url).content.decode())

    actor = Actor.objects.get(pk=small_plan["jobcenter"].pk)
    actor.short_name = "JC"
    actor.save()
    assert "„JC (verantwortlich)“" in _history(steering_client.get(url).content.decode())
