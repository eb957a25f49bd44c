"""A large import runs as a job: the same upload is never written twice, whatever runs again."""

import pytest

from actionplan import imports
from actionplan.imports import writing
from actionplan.models import AppliedImport, Measure

from ..factories import ActionPlanFactory
from .excel_helpers import LAYOUT

pytestmark = pytest.mark.django_db


def plan_rows(count):
    return [LAYOUT] + [
        [f"Feld {i % 3}", f"Problem {i}", f"Maßnahme {i}", "", "- Indikator", "Jobcenter", "geplant"]
        for i in range(count)
    ]


def measures_of(plan):
    return Measure.objects.filter(challenge__field__plan=plan)


def test_running_the_same_upload_again_writes_nothing_and_keeps_later_edits(district):
    plan = ActionPlanFactory(district=district)
    rows = plan_rows(5)
    first = imports.apply_import(plan=plan, rows=rows, token="upload-1", filename="plan.xlsx")
    assert first.created == 5
    # Somebody edits a measure after the import; a job run again must not set it back.
    measure = measures_of(plan).get(text="Maßnahme 0")
    measure.status = Measure.Status.COMPLETED
    measure.save()
    history_before = Measure.history.count()

    again = imports.apply_import(plan=plan, rows=rows, token="upload-1", filename="plan.xlsx")

    assert again.already_applied
    assert (again.created, again.changed) == (5, 0)  # the summary of the write that happened
    measure.refresh_from_db()
    assert measure.status == Measure.Status.COMPLETED
    assert Measure.history.count() == history_before
    assert AppliedImport.objects.get().filename == "plan.xlsx"


def test_a_crash_inside_the_write_leaves_nothing_and_the_next_run_imports_once(district, monkeypatch):
    plan = ActionPlanFactory(district=district)
    rows = plan_rows(4)

    def crash(self, rows):
        raise RuntimeError("worker killed")

    with monkeypatch.context() as patch:
        patch.setattr(writing._Writer, "_write_responsibilities", crash)
        with pytest.raises(RuntimeError):
            imports.apply_import(plan=plan, rows=rows, token="upload-2")
    assert not measures_of(plan).exists()
    assert not AppliedImport.objects.exists()

    result = imports.apply_import(plan=plan, rows=rows, token="upload-2")

    assert result.created == 4 and not result.already_applied
    assert measures_of(plan).count() == 4
    assert AppliedImport.objects.get().created_count == 4


def test_an_invalid_file_is_not_recorded_so_nothing_claims_it_was_imported(district):
    plan = ActionPlanFactory(district=district)
    rows = plan_rows(3)
    rows[2][6] = "vielleicht"

    result = imports.apply_import(plan=plan, rows=rows, token="upload-3")

    assert not result.analysis.is_valid
    assert not measures_of(plan).exists()
    assert not AppliedImport.objects.exists()


def test_progress_counts_the_rows_checked_then_the_write_steps(district):
    plan = ActionPlanFactory(district=district)
    heard = []

    imports.apply_import(plan=plan, rows=plan_rows(600), progress=lambda *report: heard.append(report))

    checking = [(done, total) for done, total, step in heard if step == imports.CHECKING]
    assert checking == [(250, 600), (500, 600), (600, 600)]
    writing_steps = [(done, total) for done, total, step in heard if step == imports.WRITING]
    assert writing_steps[-1] == (7, 7)
