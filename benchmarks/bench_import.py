"""Time and peak memory of the import of a generated 5,000-row XLSX (the upper limit): preview and import.

The file has the layout KIT staff keep: 20 fields of action, 2,500 challenges, 5,000 measures with
three indicators (one sub-heading) and three responsibilities each, 40 actors of which 10 are new.
Run with `make bench` (SQLite) or `DATABASE_URL=postgres://… make bench`. Target: ≤ 30 s and
≤ 500 MiB each on a 2-core machine. Prints figures, never fails on speed.
"""

import resource
import time

import pytest
from django.db import connection

from actionplan import imports
from actionplan.models import Actor, Measure
from tests.actionplan.excel_helpers import LAYOUT, xlsx_file
from tests.factories import ActionPlanFactory, DistrictFactory

ROWS = 5000


def generated_rows():
    rows = [LAYOUT]
    for i in range(ROWS):
        rows.append(
            [
                f"Handlungsfeld {i % 20}",
                f"Herausforderung {i // 2}\n- Unterpunkt A\n- Unterpunkt B",
                f"Maßnahme {i}",
                f"Zielgruppe {i % 7}",
                f"Förderung:\n- Indikator {i}-1\n- Indikator {i}-2\nBegleitung:\n- Indikator {i}-3",
                f"Verantwortlich: Akteur {i % 30}, Akteur {(i + 1) % 30}; Begleitend: Neuer Träger {i % 10}",
                "geplant",
            ]
        )
    return rows


def measured(step):
    """(result, seconds, peak resident memory of the process so far in MiB).

    The peak is the process's high-water mark (it includes the test runner and earlier steps), so it is
    an upper bound for the step; tracemalloc would slow the step down several times.
    """
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    return result, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.django_db
def test_import_of_5000_rows():
    district = DistrictFactory()
    plan = ActionPlanFactory(district=district)
    Actor.objects.bulk_create(Actor(district=district, name=f"Akteur {i}") for i in range(30))
    data = xlsx_file(generated_rows())
    print(f"\nimport benchmark, {connection.vendor}: file of {ROWS} rows, {len(data) / 2**20:.1f} MiB")

    analysis, seconds, peak = measured(lambda: imports.analyse(plan=plan, rows=imports.read_table(data, "plan.xlsx")))
    assert analysis.counts["new"] == ROWS
    print(f"preview (read + analyse): {seconds:.1f} s, peak {peak:.0f} MiB")

    result, seconds, peak = measured(
        lambda: imports.apply_import(plan=plan, rows=imports.read_table(data, "plan.xlsx"))
    )
    assert result.created == ROWS
    print(f"import (read + analyse + write): {seconds:.1f} s, peak {peak:.0f} MiB")

    _analysis, seconds, peak = measured(lambda: imports.analyse(plan=plan, rows=imports.read_table(data, "plan.xlsx")))
    assert _analysis.counts["unchanged"] == ROWS
    print(f"second preview (all unchanged): {seconds:.1f} s, peak {peak:.0f} MiB")
    assert Measure.objects.filter(challenge__field__plan=plan).count() == ROWS
