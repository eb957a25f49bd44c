"""Every change is kept: who, when, what field by field, and by which path; KIT staff restore a version."""

import pytest
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from actionplan import imports
from actionplan.models import Measure
from actionplan.selectors import measure_history
from integration_portal.history import COMMAND, HistoryPathMiddleware, history_path

from ..admin_forms import measure_form_data
from ..factories import (
    CrossCuttingThemeFactory,
    IndicatorFactory,
    MeasureFactory,
    ResponsibilityFactory,
    TargetGroupFactory,
)
from ..pages import missing
from ..queries import count_queries

pytestmark = pytest.mark.django_db


def change_url(measure):
    return reverse("admin:actionplan_measure_change", args=[measure.pk])


def admin_save(client, measure, **fields):
    token = client.get(change_url(measure)).context["adminform"].form["version_token"].value()
    response = client.post(change_url(measure), measure_form_data(measure, version_token=token, **fields))
    assert response.status_code == 302
    measure.refresh_from_db()


def test_an_admin_edit_records_who_when_what_and_the_path(kit_client, kit_user, district):
    measure = MeasureFactory(district=district, text="Alter Text")
    admin_save(kit_client, measure, text="Neuer Text", status="in_progress")

    record = measure.history.first()
    assert record.history_user == kit_user
    assert record.history_path == "admin"
    delta = record.diff_against(record.prev_record)
    assert {change.field: (change.old, change.new) for change in delta.changes} == {
        "text": ("Alter Text", "Neuer Text"),
        "status": ("planned", "in_progress"),
    }

    page = kit_client.get(reverse("admin:actionplan_measure_history", args=[measure.pk])).content.decode()
    assert "kit-a" in page
    assert "Alter Text" in page and "Neuer Text" in page
    assert "admin" in page


def test_imports_and_commands_record_their_path(kit_user, district):
    measure = MeasureFactory(district=district, text="Maßnahme")
    plan = measure.challenge.field.plan
    rows = [
        ["Handlungsfeld", "Problem/Herausforderung", "Maßnahme", "Status"],
        [measure.challenge.field.name, measure.challenge.text, "Maßnahme", "in Umsetzung"],
    ]
    imports.apply_import(plan=plan, rows=rows, user=kit_user)
    record = measure.history.first()
    assert (record.history_path, record.history_user, record.status) == ("import", kit_user, "in_progress")

    rows[1][3] = "pausiert"
    imports.apply_import(plan=plan, rows=rows, path="command")
    assert measure.history.first().history_path == "command"


def test_rows_an_import_creates_keep_the_path_in_its_column_and_no_reason(kit_user, district):
    measure = MeasureFactory(district=district, text="Maßnahme")
    rows = [
        ["Handlungsfeld", "Problem/Herausforderung", "Maßnahme", "Status"],
        [measure.challenge.field.name, measure.challenge.text, "Neue Maßnahme aus der Datei", "geplant"],
    ]
    imports.apply_import(plan=measure.challenge.field.plan, rows=rows, user=kit_user)
    record = Measure.history.get(text="Neue Maßnahme aus der Datei")
    assert (record.history_path, record.history_change_reason) == ("import", None)


def test_a_browser_request_records_the_browser_path(district):
    measure = MeasureFactory(district=district)

    def view(request):
        measure.text = "Im Browser geändert"
        measure.save()
        return HttpResponse()

    HistoryPathMiddleware(view)(RequestFactory().post("/"))
    assert measure.history.first().history_path == "browser"


def test_kit_staff_restore_an_earlier_version_in_the_admin(kit_client, district):
    measure = MeasureFactory(district=district, text="Erste Fassung")
    first_version = measure.history.first()
    admin_save(kit_client, measure, text="Zweite Fassung")

    url = reverse("admin:actionplan_measure_simple_history", args=[measure.pk, first_version.history_id])
    page = kit_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert form["text"].value() == "Erste Fassung"
    data = measure_form_data(measure, text="Erste Fassung", version_token=form["version_token"].value())
    response = kit_client.post(url, data)

    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.text == "Erste Fassung"
    assert measure.history.first().history_path == "admin"
    assert measure.history.count() == 3


def test_history_of_another_district_is_404_including_its_versions(kit_client, other_district):
    foreign = MeasureFactory(district=other_district)
    version = foreign.history.first()
    assert kit_client.get(reverse("admin:actionplan_measure_history", args=[foreign.pk])).status_code == 404
    url = reverse("admin:actionplan_measure_simple_history", args=[foreign.pk, version.history_id])
    assert kit_client.get(url).status_code == 404
    assert kit_client.post(url, measure_form_data(foreign, text="Übernommen")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.text != "Übernommen"


def test_history_of_a_deleted_own_object_is_still_shown(kit_client, district):
    measure = MeasureFactory(district=district, text="Gelöschte Maßnahme")
    pk = measure.pk
    measure.delete()
    response = kit_client.get(reverse("admin:actionplan_measure_history", args=[pk]))
    assert response.status_code == 200
    assert "Gelöschte Maßnahme" in response.content.decode()


def _changed_measure(district, changes):
    measure = MeasureFactory(district=district)
    indicator = IndicatorFactory(district=district, measure=measure)
    responsibility = ResponsibilityFactory(district=district, measure=measure)
    groups = [TargetGroupFactory(district=district, name=f"Zielgruppe {changes}.{i}") for i in range(changes)]
    for i in range(changes):
        measure.text = f"Fassung {i}"
        measure.target_group = groups[i]
        measure.save()
        indicator.text = f"Indikator {i}"
        indicator.save()
        responsibility.note = f"Anmerkung {i}"
        responsibility.save()
    return measure


def test_measure_history_uses_a_fixed_number_of_queries(district):
    small, large = _changed_measure(district, 1), _changed_measure(district, 8)
    with count_queries() as few:
        entries = measure_history(measure=small)
        render_to_string("integration_portal/includes/history.html", {"history_entries": entries})
    with count_queries() as many:
        entries = measure_history(measure=large)
        html = render_to_string("integration_portal/includes/history.html", {"history_entries": entries})
    assert len(few) == len(many) <= 9
    assert not missing(
        html,
        "Fassung 6 → Fassung 7",
        "Zielgruppe 8.6 → Zielgruppe 8.7",
        "Indikator 6 → Indikator 7",
        "Anmerkung 6 → Anmerkung 7",
        "Änderungsverlauf",
    )


def test_measure_history_lists_the_parts_newest_first(kit_client, kit_user, district):
    measure = MeasureFactory(district=district, text="Vorher")
    admin_save(kit_client, measure, text="Nachher")
    entries = measure_history(measure=measure)
    newest = entries[0]
    assert (newest.user, newest.path_label, newest.kind_label) == (kit_user, "Admin", "geändert")
    assert [(c.field, c.old, c.new) for c in newest.changes] == [("Maßnahme", "Vorher", "Nachher")]
    assert {entry.model_label for entry in entries} >= {"Maßnahme", "Herausforderung"}
    assert Measure.history.filter(id=measure.pk).count() == 2


def test_themes_and_goals_are_kept_with_each_version(district):
    theme = CrossCuttingThemeFactory(district=district, name="Ehrenamt")
    measure = MeasureFactory(district=district)
    measure.cross_cutting_themes.add(theme)
    newest = measure_history(measure=measure)[0]
    assert [(c.field, c.old, c.new) for c in newest.changes] == [("Querschnittsthemen", "–", "Ehrenamt")]
    assert list(measure.history.first().cross_cutting_themes.values_list("crosscuttingtheme__name", flat=True)) == [
        "Ehrenamt"
    ]


def test_a_restore_over_a_newer_save_is_refused(kit_client, district):
    measure = MeasureFactory(district=district, text="Erste Fassung")
    first_version = measure.history.first()
    admin_save(kit_client, measure, text="Zweite Fassung")
    url = reverse("admin:actionplan_measure_simple_history", args=[measure.pk, first_version.history_id])
    token = kit_client.get(url).context["adminform"].form["version_token"].value()
    admin_save(kit_client, measure, text="Dritte Fassung")  # saved meanwhile

    response = kit_client.post(url, measure_form_data(measure, text="Erste Fassung", version_token=token))

    assert response.status_code == 200
    assert "jetzt gespeichert „Dritte Fassung“" in response.content.decode()
    measure.refresh_from_db()
    assert measure.text == "Dritte Fassung"


def test_the_path_has_its_own_column_and_leaves_the_reason_for_people(district):
    measure = MeasureFactory(district=district)
    measure.text = "Nach Kreistagsbeschluss geändert"
    measure._change_reason = "Beschluss des Kreistags vom 3. März"
    with history_path(COMMAND):
        measure.save()

    record = measure.history.first()
    assert (record.history_path, record.history_change_reason) == ("command", "Beschluss des Kreistags vom 3. März")


def test_the_admin_history_lists_the_path_in_its_own_column(kit_client, district):
    measure = MeasureFactory(district=district, text="Alter Text")
    admin_save(kit_client, measure, text="Neuer Text")

    page = kit_client.get(reverse("admin:actionplan_measure_history", args=[measure.pk])).content.decode()
    assert '<th scope="col">Weg</th>' in page
    assert "<td>Admin</td>" in page


def test_a_change_without_a_reason_shows_a_dash_not_none(kit_client, district):
    measure = MeasureFactory(district=district, text="Alter Text")
    admin_save(kit_client, measure, text="Neuer Text")
    page = kit_client.get(reverse("admin:actionplan_measure_history", args=[measure.pk])).content.decode()
    assert "<td>–</td>" in page
    assert "None" not in page


def test_the_newest_changes_are_read_alone_and_named_as_in_the_whole_history(district):
    measure, short = _changed_measure(district, 12), _changed_measure(district, 3)
    whole = measure_history(measure=measure)
    with count_queries() as many:
        newest = measure_history(measure=measure, limit=5)
    with count_queries() as few:
        measure_history(measure=short, limit=5)
    assert len(few) == len(many)
    assert newest == whole[:5]
    # Each of the newest changes names its old value, read from the record before it.
    assert all(entry.changes for entry in newest)
    assert "Fassung 10 → Fassung 11" in [f"{c.old} → {c.new}" for entry in newest for c in entry.changes]
