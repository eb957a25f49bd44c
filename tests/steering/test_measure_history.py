"""The measure page shows what was changed, by whom and through which path."""

import pytest
from django.urls import reverse

from actionplan.models import Measure
from integration_portal.history import ADMIN, history_path

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
