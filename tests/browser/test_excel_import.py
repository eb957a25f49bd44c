"""KIT staff export their plan, change it in the spreadsheet, and bring it back in with a preview."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from actionplan.models import ActionPlan, Actor, Measure
from integration_portal.management.commands.setup_demo import DEMO_DISTRICT

from .demo import log_in

pytestmark = pytest.mark.browser


def exported_demo_plan(live_server, page, tmp_path):
    """The demo plan and its workbook, exported as KIT staff do it on the plan's admin page."""
    plan = ActionPlan.objects.get(district__slug=DEMO_DISTRICT)
    log_in(page, live_server, "kit", path="/admin/")
    page.goto(f"{live_server.url}/admin/actionplan/actionplan/{plan.pk}/change/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export als XLSX").click()
    exported = tmp_path / "plan.xlsx"
    download_info.value.save_as(exported)
    return plan, exported


def test_export_change_and_import_with_preview(live_server, page, demo, tmp_path):
    plan, exported = exported_demo_plan(live_server, page, tmp_path)

    workbook = load_workbook(exported)
    sheet = workbook.active
    assert sheet["A1"].value == "Handlungsfeld"
    measure_id = sheet["H2"].value
    sheet["G2"] = "in Umsetzung"
    sheet["F2"] = sheet["F2"].value + ", Neuer Sprachtreff e.V."
    sheet.append(["Sprache", "Neue Herausforderung", "Neue Maßnahme", "", "- erster Indikator", "Jobcenter", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    changed = tmp_path / "plan-geaendert.xlsx"
    changed.write_bytes(buffer.getvalue())

    page.get_by_role("link", name="Import aus Excel/CSV").click()
    page.get_by_label("Datei").set_input_files(str(changed))
    page.get_by_role("button", name="Vorschau anzeigen").click()

    expect(page.locator("[data-count=new]")).to_have_text("1")
    expect(page.locator("[data-count=changed]")).to_have_text("1")
    expect(page.locator("[data-count=unchanged]")).to_have_text("38")
    expect(page.locator(".import-new-actors")).to_contain_text("Neuer Sprachtreff e.V.")
    assert Measure.objects.get(pk=measure_id).status == Measure.Status.PLANNED  # nothing written yet

    page.get_by_role("button", name="Import bestätigen").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 neue Maßnahme, 1 geänderte Maßnahme")
    assert Measure.objects.get(pk=measure_id).status == Measure.Status.IN_PROGRESS
    assert Measure.objects.filter(text="Neue Maßnahme", challenge__field__plan=plan).exists()
    assert Actor.objects.filter(name="Neuer Sprachtreff e.V.", district=plan.district).exists()


def test_a_file_with_an_error_is_refused_row_and_column_named(live_server, page, demo, tmp_path):
    plan = ActionPlan.objects.get(district__slug=DEMO_DISTRICT)
    bad = tmp_path / "fehler.csv"
    bad.write_text(
        "Handlungsfeld;Problem/Herausforderung;Maßnahme;Status;Bemerkung\n"
        "Sprache;Kurse unbekannt;Kursübersicht;geplant;x\n"
        "Sprache;Kurse unbekannt;Kursberatung;irgendwann;y\n",
        encoding="utf-8",
    )
    log_in(page, live_server, "kit", path="/admin/")
    page.goto(f"{live_server.url}/admin/actionplan/actionplan/{plan.pk}/import/")
    page.get_by_label("Datei").set_input_files(str(bad))
    page.get_by_role("button", name="Vorschau anzeigen").click()

    expect(page.locator(".import-errors")).to_contain_text("Zeile 3, Spalte „Status“: „irgendwann“ ist kein Status")
    expect(page.get_by_text("Unbekannte Spalten, nicht importiert: Bemerkung")).to_be_visible()
    expect(page.get_by_role("button", name="Import bestätigen")).to_have_count(0)
    assert not Measure.objects.filter(text="Kursübersicht").exists()


def test_cancelling_the_preview_writes_nothing_and_deletes_the_upload(live_server, page, demo, tmp_path, settings):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "waiting"
    _, exported = exported_demo_plan(live_server, page, tmp_path)
    workbook = load_workbook(exported)
    workbook.active["G2"] = "in Umsetzung"
    measure_id = workbook.active["H2"].value
    workbook.save(exported)

    page.get_by_role("link", name="Import aus Excel/CSV").click()
    page.get_by_label("Datei").set_input_files(str(exported))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    expect(page.locator("[data-count=changed]")).to_have_text("1")
    assert len(list(settings.IMPORT_UPLOAD_DIR.iterdir())) == 1

    page.get_by_role("button", name="Import abbrechen").click()
    expect(page.locator(".messagelist")).to_contain_text("Der Import wurde abgebrochen")
    assert list(settings.IMPORT_UPLOAD_DIR.iterdir()) == []
    assert Measure.objects.get(pk=measure_id).status == Measure.Status.PLANNED
