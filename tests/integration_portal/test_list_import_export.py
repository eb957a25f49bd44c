"""Actors, committees and target groups in and out of the admin, through django-import-export's views."""

import csv
import io

import pytest
from django.urls import reverse

from actionplan.models import Actor, TargetGroup
from papers.models import Committee

from ..factories import ActorFactory, TargetGroupFactory

pytestmark = pytest.mark.django_db

XLSX_FORMAT, CSV_FORMAT = "0", "1"  # the order the admin offers them in


def upload(client, model, text):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")
    data = io.BytesIO(text.encode("utf-8"))
    data.name = "liste.csv"
    return client.post(url, {"import_file": data, "format": CSV_FORMAT}, follow=True)


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_process_import")
    return client.post(url, {name: form.initial[name] for name in form.fields}, follow=True)


def test_actors_import_after_a_preview_into_the_users_district(kit_client, district):
    preview = upload(kit_client, Actor, "id,name,short_name,kind\n,Jobcenter Kreis,JC,office\n,Volkshochschule,VHS,\n")
    assert preview.status_code == 200
    assert "Jobcenter Kreis" in preview.text and "Neu" in preview.text
    assert not Actor.objects.exists()  # the preview writes nothing

    done = confirm(kit_client, Actor, preview)
    assert done.status_code == 200
    names = set(Actor.objects.filter(district=district).values_list("name", flat=True))
    assert names == {"Jobcenter Kreis", "Volkshochschule"}


def test_a_wrong_row_is_named_and_nothing_is_written(kit_client, district):
    preview = upload(kit_client, Actor, "id,name,kind\n,Jobcenter Kreis,office\n,Volkshochschule,keine-art\n")
    assert "Zeile" in preview.text or "Row" in preview.text
    assert "keine-art" in preview.text
    assert preview.context.get("confirm_form") is None
    assert not Actor.objects.exists()


def test_ids_of_another_districts_rows_are_refused_and_their_rows_stay(kit_client, other_district):
    foreign = TargetGroupFactory(district=other_district, name="Fremde Zielgruppe")
    preview = upload(kit_client, TargetGroup, f"id,name\n{foreign.pk},Übernommen\n")
    assert f"Die ID „{foreign.pk}“ gehört nicht zu den Einträgen dieses Kreises" in preview.text
    assert preview.context.get("confirm_form") is None
    foreign.refresh_from_db()
    assert foreign.name == "Fremde Zielgruppe" and foreign.district == other_district
    assert TargetGroup.objects.count() == 1


def test_an_exported_list_changes_nothing_when_imported_again_and_updates_by_id(kit_client, district):
    actor = ActorFactory(district=district, name="Jobcenter", short_name="JC")
    exported = export_csv(kit_client, Actor)
    assert exported[0][:2] == ["id", "name"] and exported[1][:2] == [str(actor.pk), "Jobcenter"]

    text = f"id,name,short_name,kind\n{actor.pk},Jobcenter Kreis,JC,organisation\n"
    confirm(kit_client, Actor, upload(kit_client, Actor, text))
    actor.refresh_from_db()
    assert actor.name == "Jobcenter Kreis"
    assert Actor.objects.count() == 1


def export(client, model, file_format):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    resource = f"{model.__name__.lower()}resource"
    fields = {f"{resource}_{name}": "on" for name in ("id", "name", "short_name", "kind", "order")}
    response = client.post(url, {"format": file_format, "resource": "0", **fields})
    assert response.status_code == 200, response.content[:500]
    return response


def export_csv(client, model):
    response = export(client, model, CSV_FORMAT)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_lists_only_the_users_district_and_makes_formulas_harmless(kit_client, district, other_district):
    Committee.objects.create(district=district, name='=HYPERLINK("http://x")', short_name="SoGA")
    Committee.objects.create(district=other_district, name="Kreistag Ostholstein")
    rows = export_csv(kit_client, Committee)
    names = [row[1] for row in rows[1:]]
    assert names == ['\'=HYPERLINK("http://x")']


def test_the_apostrophe_of_an_exported_formula_is_not_imported(kit_client, district):
    confirm(kit_client, Committee, upload(kit_client, Committee, "id,name,short_name,order\n,'=Ausschuss,A,1\n"))
    assert Committee.objects.get(district=district).name == "=Ausschuss"
