"""References follow each district's scheme, are unique, never reused, and safe under concurrent creation."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction

from papers.models import CouncilPaper, ReferenceScheme
from papers.services import next_reference

from ..factories import DistrictFactory
from ..validation import refusals
from .factories import ReferenceSchemeFactory, make_paper


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("VO/{year}/{seq}", ["VO/2025/1", "VO/2025/2", "VO/2025/3"]),
        ("Drucksache {year}/{seq:04}", ["Drucksache 2025/0001", "Drucksache 2025/0002", "Drucksache 2025/0003"]),
        ("{year}/FB3/{seq:04}", ["2025/FB3/0001", "2025/FB3/0002", "2025/FB3/0003"]),
        ("V {seq}/{year}", ["V 1/2025", "V 2/2025", "V 3/2025"]),
    ],
)
def test_references_follow_the_districts_pattern(district, pattern, expected):
    ReferenceSchemeFactory(district=district, pattern=pattern)
    assert [make_paper(district=district).reference for _ in expected] == expected


@pytest.mark.django_db
def test_numbering_restarts_each_year_and_per_district(district, other_district):
    ReferenceSchemeFactory(district=other_district, pattern="Drucksache {year}/{seq:04}")
    assert make_paper(district=district).reference == "VO/2025/1"
    assert make_paper(district=district, date=datetime.date(2026, 1, 5)).reference == "VO/2026/1"
    assert make_paper(district=other_district).reference == "Drucksache 2025/0001"
    assert make_paper(district=district).reference == "VO/2025/2"


@pytest.mark.django_db
def test_a_deleted_papers_number_is_never_reused(district):
    first = make_paper(district=district)
    second = make_paper(district=district)
    second.delete()
    assert first.reference == "VO/2025/1"
    assert make_paper(district=district).reference == "VO/2025/3"


@pytest.mark.django_db
def test_the_database_refuses_a_duplicate_reference_in_a_district(district, other_district):
    paper = make_paper(district=district)
    make_paper(district=other_district)  # same reference elsewhere is fine
    assert CouncilPaper.objects.filter(reference=paper.reference).count() == 2
    paper.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        paper.save()


@pytest.mark.django_db
def test_follow_up_papers_extend_the_original_reference(district):
    original = make_paper(district=district)
    assert make_paper(district=district, original=original).reference == "VO/2025/1-R1"
    assert make_paper(district=district, original=original).reference == "VO/2025/1-R2"
    assert make_paper(district=district).reference == "VO/2025/2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("VO/{year}", "laufende Nummer {seq}"),
        ("VO/{jahr}/{seq}", "nur die Platzhalter"),
        ("VO/{year/{seq}", "nur die Platzhalter"),
    ],
)
def test_bad_patterns_are_refused_in_german(district, pattern, message):
    scheme = ReferenceScheme(district=district, pattern=pattern)
    assert message in str(refusals(scheme)["pattern"])


@pytest.mark.django_db
def test_a_district_without_scheme_gets_a_german_message(district):
    with pytest.raises(ValidationError, match="noch keinen Nummernkreis"):
        next_reference(district=district, year=2025)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_creations_never_share_a_number():
    """Eight threads, each with its own connection, create papers at the same moment.

    PostgreSQL makes them wait for the locked scheme row, so every attempt succeeds at once. SQLite's
    shared in-memory test database refuses a writer while another holds the table ("locked") instead
    of waiting; such an attempt rolls back completely and is retried, as a user would save again.
    Either way the committed references must be 1…24 exactly: no duplicates, no gaps.
    """
    district = DistrictFactory()
    ReferenceSchemeFactory(district=district)
    threads_count, per_thread = 8, 3
    barrier = threading.Barrier(threads_count)
    references, errors, retries = [], [], []

    def create():
        try:
            barrier.wait()
            for _ in range(per_thread):
                for _attempt in range(200):
                    try:
                        references.append(make_paper(district=district).reference)
                        break
                    except OperationalError as error:
                        if connection.vendor != "sqlite" or "locked" not in str(error):
                            raise
                        retries.append(error)
                        time.sleep(0.005)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    if connection.vendor == "postgresql":
        assert retries == []
    expected = {f"VO/2025/{n}" for n in range(1, threads_count * per_thread + 1)}
    assert sorted(references) == sorted(expected)
    assert set(CouncilPaper.objects.values_list("reference", flat=True)) == expected
