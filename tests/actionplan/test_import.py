"""KIT staff bring a plan in from Excel or CSV: preview first, then all or nothing, only into their district."""

import io
import stat

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from actionplan import exports, imports
from actionplan.models import ActionPlan, Actor, Challenge, FieldOfAction, Indicator, Measure, Responsibility
from integration_portal import roles

from ..factories import ActionPlanFactory, UserFactory, build_plan
from .excel_helpers import LAYOUT, other_district, snapshot, xlsx_file

pytestmark = pytest.mark.django_db


def seed_rows(plan):
    """The demo plan as KIT staff keep it: the seven columns, no ids, cells as typed."""
    header, rows = exports.plan_rows(plan)
    return [LAYOUT, *(row[:7] for row in rows)]


def plan_counts(plan):
    return (
        Measure.objects.filter(challenge__field__plan=plan).count(),
        Indicator.objects.filter(measure__challenge__field__plan=plan).count(),
        Responsibility.objects.filter(measure__challenge__field__plan=plan).count(),
    )


def test_seed_xlsx_imports_to_exactly_the_fixture_content(demo_plan):
    empty = ActionPlan.objects.create(district=demo_plan.district, title="Neuer Plan")
    data = xlsx_file(seed_rows(demo_plan))

    result = imports.apply_import(plan=empty, rows=imports.read_table(data, "aktionsplan.xlsx"))

    assert result.analysis.is_valid
    assert result.created == 39
    assert result.analysis.new_actors == []  # every Zuständigkeit names a known actor of the district
    assert snapshot(empty) == snapshot(demo_plan)
    assert plan_counts(empty) == (39, 122, 137)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(demo_plan):
    empty = ActionPlan.objects.create(district=demo_plan.district, title="Neuer Plan")
    rows = imports.read_table(xlsx_file(seed_rows(demo_plan)), "plan.xlsx")
    imports.apply_import(plan=empty, rows=rows)
    before = snapshot(empty)
    history_before = Measure.history.count() + Indicator.history.count() + Responsibility.history.count()

    second = imports.apply_import(plan=empty, rows=rows)

    assert second.analysis.counts == {"new": 0, "changed": 0, "unchanged": 39, "invalid": 0}
    assert snapshot(empty) == before
    assert Measure.history.count() + Indicator.history.count() + Responsibility.history.count() == history_before


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_export_then_import_of_the_demo_plan_is_a_no_op(demo_plan, file_format):
    before = snapshot(demo_plan)
    modified = sorted(Measure.objects.values_list("modified", flat=True))
    data = exports.plan_export_bytes(plan=demo_plan, file_format=file_format)

    result = imports.apply_import(plan=demo_plan, rows=imports.read_table(data, f"plan.{file_format}"))

    assert result.analysis.counts == {"new": 0, "changed": 0, "unchanged": 39, "invalid": 0}
    assert result.analysis.unknown_columns == []
    assert snapshot(demo_plan) == before
    assert sorted(Measure.objects.values_list("modified", flat=True)) == modified


def test_one_bad_row_among_100_writes_nothing_and_names_the_row(district):
    plan = ActionPlanFactory(district=district)
    rows = [LAYOUT] + [
        [f"Feld {i % 5}", f"Problem {i}", f"Maßnahme {i}", "", "- Indikator", "Jobcenter", "geplant"]
        for i in range(100)
    ]
    rows[57][6] = "vielleicht"  # spreadsheet row 58

    result = imports.apply_import(plan=plan, rows=imports.read_table(xlsx_file(rows), "plan.xlsx"))

    assert not result.analysis.is_valid
    assert [str(error) for error in result.analysis.all_errors] == [
        "Zeile 58, Spalte „Status“: „vielleicht“ ist kein Status; erlaubt: bestehend, geplant, in Umsetzung, "
        "abgeschlossen, pausiert."
    ]
    assert not FieldOfAction.objects.filter(plan=plan).exists()
    assert not Actor.objects.filter(name="Jobcenter").exists()


def test_every_error_names_row_and_column_in_german(district):
    plan = ActionPlanFactory(district=district)
    rows = [
        LAYOUT,
        ["Sprache", "", "Kurse", "", "", "", ""],
        ["A – B – C", "Problem", "", "", "", "X, X", ""],
    ]
    errors = [str(e) for e in imports.analyse(plan=plan, rows=rows).all_errors]
    assert "Zeile 2, Spalte „Problem/Herausforderung“: Bitte das Problem bzw. die Herausforderung angeben." in errors
    assert any(e.startswith("Zeile 3, Spalte „Handlungsfeld“:") for e in errors)
    assert "Zeile 3, Spalte „Maßnahme“: Bitte die Maßnahme angeben." in errors
    assert "Zeile 3, Spalte „Zuständigkeit“: „X“ ist mit derselben Rolle doppelt genannt." in errors


def test_headers_match_regardless_of_case_and_spacing_and_unknown_columns_are_reported(district):
    plan = ActionPlanFactory(district=district)
    rows = [
        [" handlungsfeld ", "PROBLEM / Herausforderung", "maßnahme", "Bemerkung", "zuständigkeit"],
        ["Sprache", "Kurse unbekannt", "Kursübersicht", "intern", "Verantwortlich: KIT; Begleitend: Jobcenter"],
    ]
    analysis = imports.analyse(plan=plan, rows=rows)
    assert analysis.is_valid
    assert analysis.unknown_columns == ["Bemerkung"]
    assert analysis.counts["new"] == 1
    assert analysis.new_actors == ["Jobcenter", "KIT"]


def test_responsibilities_roles_sub_headings_and_actors_by_short_name(district):
    plan = ActionPlanFactory(district=district)
    Actor.objects.create(district=district, name="Bundesamt für Migration und Flüchtlinge", short_name="BAMF")
    rows = [
        LAYOUT,
        [
            "Kinder und Jugendliche – Bildung",
            "Problem\n- Punkt eins\n- Punkt zwei",
            "Maßnahme",
            "Schüler",
            "Förderung vor der Ausbildung:\n- Kurse\n- Beratung\nWährend der Ausbildung:\n- Begleitung",
            "BAMF, Jobcenter [nur Beratung]; Begleitend: KIT; Finanzierung: Land",
            "in Umsetzung",
        ],
    ]
    result = imports.apply_import(plan=plan, rows=rows)
    assert result.analysis.is_valid, result.analysis.all_errors
    measure = Measure.objects.get(challenge__field__plan=plan)
    assert measure.challenge.field.full_name == "Kinder und Jugendliche – Bildung"
    assert measure.challenge.sub_point_list == ["Punkt eins", "Punkt zwei"]
    assert measure.status == Measure.Status.IN_PROGRESS
    assert measure.target_group.name == "Schüler"
    assert [(i.group_heading, i.text) for i in measure.indicators.all()] == [
        ("Förderung vor der Ausbildung:", "Kurse"),
        ("Förderung vor der Ausbildung:", "Beratung"),
        ("Während der Ausbildung:", "Begleitung"),
    ]
    assert [(r.actor.label, r.role, r.note) for r in measure.responsibilities.all()] == [
        ("BAMF", "lead", ""),
        ("Jobcenter", "lead", "nur Beratung"),
        ("KIT", "supporting", ""),
        ("Land", "funding", ""),
    ]
    assert Actor.objects.filter(district=district).count() == 4


def test_ids_of_another_district_are_refused(demo_plan):
    foreign_plan = build_plan(district=other_district(), measures=3, fields=1)
    header, foreign_rows = exports.plan_rows(foreign_plan)
    before = snapshot(demo_plan)

    result = imports.apply_import(plan=demo_plan, rows=[header, *foreign_rows])

    assert not result.analysis.is_valid
    first = foreign_rows[0][7]
    assert f"Zeile 2, Spalte „ID“: „{first}“ ist keine Maßnahme dieses Aktionsplans." in [
        str(e) for e in result.analysis.all_errors
    ]
    assert snapshot(demo_plan) == before
    assert not Actor.objects.filter(district=demo_plan.district, name__startswith="Akteur").exists()


def test_a_file_writes_only_into_the_importing_users_district(demo_plan):
    """Whatever the file names, new actors, fields and measures belong to the plan's district."""
    own = build_plan(district=other_district(), measures=1, fields=1, status=ActionPlan.Status.DRAFT)
    rows = [LAYOUT, ["Neues Feld", "Neues Problem", "Neue Maßnahme", "Neue Gruppe", "- neu", "Akteur 1-0", "geplant"]]
    imports.apply_import(plan=own, rows=rows)
    measure = Measure.objects.get(text="Neue Maßnahme")
    assert measure.district == own.district
    assert {r.actor.district_id for r in measure.responsibilities.all()} == {own.district_id}
    assert measure.target_group.district == own.district


def test_rows_changed_in_the_portal_after_export_are_refused(demo_plan, demo_kit):
    data = exports.plan_export_bytes(plan=demo_plan, file_format="csv")
    rows = imports.read_table(data, "plan.csv")
    measure = Measure.objects.get(pk=rows[1][7])
    measure.status = Measure.Status.IN_PROGRESS
    measure.save()  # changed in the portal after the export
    rows[1][6] = "abgeschlossen"  # and changed in the file

    result = imports.apply_import(plan=demo_plan, rows=rows)

    assert not result.analysis.is_valid
    (error,) = result.analysis.all_errors
    assert str(error).startswith("Zeile 2, Spalte „Version“: Die Maßnahme wurde nach dem Export im Portal geändert")
    measure.refresh_from_db()
    assert measure.status == Measure.Status.IN_PROGRESS


def test_unknown_actors_are_listed_in_the_preview_and_created_on_confirmation(demo_plan, demo_client):
    header, rows = exports.plan_rows(demo_plan)
    rows[0][5] += ", Neuer Verein e.V."
    data = xlsx_file([header, *rows])
    url = reverse("admin:actionplan_import", args=[demo_plan.pk])

    preview = demo_client.post(url, {"file": _upload(data, "plan.xlsx")})

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Neuer Verein e.V." in page
    assert preview.context["analysis"].counts == {"new": 0, "changed": 1, "unchanged": 38, "invalid": 0}
    assert not Actor.objects.filter(name="Neuer Verein e.V.").exists()

    confirmed = demo_client.post(url, {"confirm": "1", "token": preview.context["token"]})

    assert confirmed.status_code == 302
    actor = Actor.objects.get(name="Neuer Verein e.V.")
    assert actor.district == demo_plan.district
    assert Responsibility.objects.filter(actor=actor, measure_id=rows[0][7]).exists()


def test_confirming_without_the_preview_token_writes_nothing(demo_plan, demo_client):
    url = reverse("admin:actionplan_import", args=[demo_plan.pk])
    response = demo_client.post(url, {"confirm": "1", "token": "../../etc/passwd"}, follow=True)
    assert "Bitte wählen Sie die Datei erneut" in response.content.decode()


def _upload(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.pdf", b"%PDF-1.4", "Nur XLSX- und CSV-Dateien können importiert werden."),
        ("plan.xlsx", b"Handlungsfeld;Problem", "Die Datei ist keine XLSX-Datei."),
        ("plan.xlsx", b"PK\x03\x04kaputt", "Die XLSX-Datei ist beschädigt und kann nicht gelesen werden."),
        ("plan.csv", b"x" * (10 * 1024 * 1024 + 1), "Die Datei ist größer als 10 MB."),
        ("plan.csv", ("Handlungsfeld;Problem;Maßnahme\n" + "a;b;c\n" * 5001).encode(), "mehr als 5000 Zeilen"),
        ("plan.csv", b"Handlungsfeld;Problem;Ma\x81nahme\n", "weder UTF-8- noch Windows-1252-Text"),
    ],
)
def test_wrong_type_broken_and_too_large_files_get_a_clear_message(demo_client, demo_plan, name, data, message):
    before = snapshot(demo_plan)
    response = demo_client.post(reverse("admin:actionplan_import", args=[demo_plan.pk]), {"file": _upload(data, name)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot(demo_plan) == before


def test_row_limit_is_checked_while_reading_xlsx():
    workbook = Workbook()
    sheet = workbook.active
    for i in range(5002):
        sheet.append([f"Feld {i}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(imports.ImportFileError, match="mehr als 5000 Zeilen"):
        imports.read_table(buffer.getvalue(), "plan.xlsx")


def test_only_kit_staff_may_import_or_export(client, demo_plan):
    for role in (roles.STEERING_GROUP, roles.COMMITTEE_MEMBERS):
        user = UserFactory(username=f"u-{role}", district=demo_plan.district, role=role, is_staff=True)
        client.force_login(user)
        assert client.get(reverse("admin:actionplan_import", args=[demo_plan.pk])).status_code == 403
        assert client.get(reverse("admin:actionplan_export", args=[demo_plan.pk, "xlsx"])).status_code == 403


def test_another_districts_plan_cannot_be_imported_into_or_exported(demo_plan, client):
    foreign_kit = UserFactory(username="kit-oh", district=other_district(), role=roles.KIT_STAFF)
    client.force_login(foreign_kit)
    assert client.get(reverse("admin:actionplan_import", args=[demo_plan.pk])).status_code == 404
    assert client.get(reverse("admin:actionplan_export", args=[demo_plan.pk, "csv"])).status_code == 404


def test_import_and_export_are_in_the_audit_log(demo_plan, demo_client, caplog):
    caplog.set_level("INFO", logger="integration_portal.audit")
    demo_client.get(reverse("admin:actionplan_export", args=[demo_plan.pk, "xlsx"]))
    data = exports.plan_export_bytes(plan=demo_plan, file_format="csv")
    demo_client.post(reverse("admin:actionplan_import", args=[demo_plan.pk]), {"file": _upload(data, "plan.csv")})
    lines = [record.getMessage() for record in caplog.records]
    assert any(line.startswith("event=export user=kit-demo") and "format=xlsx" in line for line in lines)


class TestCommands:
    def test_import_dry_run_writes_nothing(self, demo_plan, tmp_path, capsys):
        path = tmp_path / "plan.xlsx"
        rows = seed_rows(demo_plan)
        rows.append(["Sprache", "Neues Problem", "Neue Maßnahme", "", "", "", "geplant"])
        path.write_bytes(xlsx_file(rows))
        call_command("import_actionplan", str(path), "--district", "rendsburg-eckernfoerde", "--dry-run")
        out = capsys.readouterr().out
        assert "neu: 1, geändert: 0, unverändert: 39, ungültig: 0" in out
        assert not Measure.objects.filter(text="Neue Maßnahme").exists()

        call_command("import_actionplan", str(path), "--district", "rendsburg-eckernfoerde")
        assert "Import abgeschlossen: 1 neue Maßnahme, 0 geänderte Maßnahmen." in capsys.readouterr().out
        assert Measure.objects.get(text="Neue Maßnahme").challenge.field.plan == demo_plan
        assert Challenge.history.filter(history_path="command").exists()

    def test_import_errors_fail_with_the_same_messages(self, demo_plan, tmp_path):
        path = tmp_path / "plan.csv"
        path.write_text("Handlungsfeld;Problem/Herausforderung;Maßnahme;Status\nSprache;P;M;unklar\n")
        with pytest.raises(Exception, match="nichts importiert"):
            call_command("import_actionplan", str(path), "--district", "rendsburg-eckernfoerde")
        path.write_bytes(b"%PDF")
        path = path.rename(tmp_path / "plan.pdf")
        with pytest.raises(Exception, match="Nur XLSX- und CSV-Dateien"):
            call_command("import_actionplan", str(path), "--district", "rendsburg-eckernfoerde")

    @pytest.mark.parametrize("file_format", ["xlsx", "csv"])
    def test_export_command_writes_the_plan_that_imports_unchanged(self, demo_plan, tmp_path, file_format):
        path = tmp_path / f"plan.{file_format}"
        call_command("export_actionplan", "--district", "rendsburg-eckernfoerde", "--format", file_format, "-o", path)
        rows = imports.read_table(path.read_bytes(), path.name)
        assert len(rows) == 40
        assert imports.analyse(plan=demo_plan, rows=rows).counts["unchanged"] == 39
        # Readable by the portal's group only, as the uploads.
        assert stat.S_IMODE(path.stat().st_mode) == 0o640

    def test_unknown_district_and_ambiguous_plan(self, demo_plan, tmp_path):
        with pytest.raises(Exception, match="Unbekannter Kreis"):
            call_command("export_actionplan", "--district", "nirgendwo", "-o", tmp_path / "x.csv")
        ActionPlanFactory(district=demo_plan.district)
        with pytest.raises(Exception, match="mehrere Aktionspläne"):
            call_command("export_actionplan", "--district", "rendsburg-eckernfoerde", "-o", tmp_path / "x.csv")


def test_a_changed_challenge_text_renames_the_challenge_of_its_measures(demo_plan):
    header, rows = exports.plan_rows(demo_plan)
    measure = Measure.objects.get(pk=rows[0][7])
    challenge = measure.challenge
    challenges_before = Challenge.objects.filter(field__plan=demo_plan).count()
    rows[0][1] = "Sprachkurse sind in der Fläche wenig bekannt"

    result = imports.apply_import(plan=demo_plan, rows=[header, *rows])

    assert result.analysis.counts == {"new": 0, "changed": 1, "unchanged": 38, "invalid": 0}
    challenge.refresh_from_db()
    assert challenge.text == "Sprachkurse sind in der Fläche wenig bekannt"
    assert Measure.objects.get(pk=measure.pk).challenge_id == challenge.pk
    assert Challenge.objects.filter(field__plan=demo_plan).count() == challenges_before


def test_a_measure_moved_to_another_challenge_keeps_the_old_one_for_its_other_rows(demo_plan):
    header, rows = exports.plan_rows(demo_plan)
    rows[1][1] = rows[0][1]  # second measure now answers the first row's challenge
    second = Measure.objects.get(pk=rows[1][7])
    old_challenge = second.challenge

    imports.apply_import(plan=demo_plan, rows=[header, *rows])

    second.refresh_from_db()
    assert second.challenge == Measure.objects.get(pk=rows[0][7]).challenge
    assert Challenge.objects.filter(pk=old_challenge.pk).exists()


@pytest.mark.parametrize("column", ["Indikatoren", "Zuständigkeit"])
def test_a_formula_cell_is_refused_with_row_and_column(demo_client, demo_plan, column):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Handlungsfeld", "Problem/Herausforderung", "Maßnahme", column])
    sheet.append(["Sprache", "Zu wenige Kurse", "Mehr Kurse", '=CONCAT("- ", "Anzahl Kurse")'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = snapshot(demo_plan)
    url = reverse("admin:actionplan_import", args=[demo_plan.pk])
    response = demo_client.post(url, {"file": _upload(buffer.getvalue(), "plan.xlsx")})
    assert f"Zeile 2, Spalte „{column}“: die Zelle enthält eine Formel" in response.content.decode()
    assert snapshot(demo_plan) == before


def test_the_preview_shows_old_and_new_value_of_each_changed_cell(demo_plan, demo_client):
    header, rows = exports.plan_rows(demo_plan)
    old_text = rows[0][2].split("\n")[0]
    rows[0][2] = rows[0][2].replace(old_text, "Sprachkurs-Wegweiser für den ganzen Kreis", 1)
    rows[0][6] = "in Umsetzung"
    url = reverse("admin:actionplan_import", args=[demo_plan.pk])

    page = demo_client.post(url, {"file": _upload(xlsx_file([header, *rows]), "plan.xlsx")}).content.decode()

    assert f"Maßnahme: <del>{old_text}</del> → <ins>Sprachkurs-Wegweiser für den ganzen Kreis</ins>" in page
    assert "Status: <del>geplant</del> → <ins>in Umsetzung</ins>" in page
