import pytest

from ..factories import AdoptedMeasureFactory
from .factories import (
    FindingFactory,
    FormatFactory,
    ParticipationProcessFactory,
    build_public_survey,
    build_survey,
    respond,
)


@pytest.fixture(autouse=True)
def fresh_cache(empty_cache):
    """The rate limit lives in the cache: every test starts without earlier submissions."""


@pytest.fixture
def survey_parts(district):
    return build_survey(district)


@pytest.fixture
def survey(survey_parts):
    return survey_parts["survey"]


@pytest.fixture
def process(district):
    return ParticipationProcessFactory(district=district, title="Ostholstein auf dem Weg zum Integrationskonzept")


@pytest.fixture
def traced(district, process):
    """A conference with two findings: one taken up in a measure, one open with a reason."""
    conference = FormatFactory(district=district, process=process, title="Zukunftskonferenz", invited=75)
    measure = AdoptedMeasureFactory(district=district, text="Lotsenstelle im Kreishaus")
    taken = FindingFactory(district=district, format=conference, text="mehr Lösungen aus einer Hand (One-Stop-Shop)")
    taken.measures.add(measure)
    taken.fields_of_action.add(measure.challenge.field)
    open_ = FindingFactory(
        district=district, format=conference, text="mehr Digitalisierung", note="Wird im nächsten Aktionsplan geprüft."
    )
    return {"conference": conference, "measure": measure, "taken": taken, "open": open_}


@pytest.fixture
def answered(district):
    parts = build_public_survey(district)
    for i in range(6):
        respond(parts, language="de", single=i % 2, multiple=[0, 1] if i < 3 else [2], scale=5, text=f"Wunsch {i}")
    for _ in range(3):
        respond(parts, language="ar", single=2, scale=1, text='=HYPERLINK("http://evil.example")')
    return parts
