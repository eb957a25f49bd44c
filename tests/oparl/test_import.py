"""`import_results`: outcomes, votes and meeting dates from the district's council system, guarded."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from papers.models import Committee, Consultation

from ..factories import DistrictFactory
from ..papers.factories import CommitteeFactory
from .factories import released_paper
from .httpserver import Answer, LocalServer

EXAMPLES = Path(__file__).parent / "examples"


@pytest.fixture
def server():
    server = LocalServer()
    yield server
    server.close()


def example(name, server):
    """An example object of the standard, its URLs pointing at the test server."""
    text = (EXAMPLES / f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text.replace("https://oparl.example.org", server.base))


def serve_examples(server):
    """The standard's examples, linked up as a council system would serve them."""
    meeting = example("Meeting-01", server)
    server.routes.update(
        {
            "/": Answer(example("System-01", server)),
            "/bodies": Answer({"data": [example("Body-01", server)], "pagination": {}, "links": {}}),
            "/body/0/papers/": Answer({"data": [example("Paper-01", server)], "pagination": {}, "links": {}}),
            "/agendaitem/15569": Answer(meeting["agendaItem"][0]),
            "/meeting/243": Answer(meeting),
            "/organization/96": Answer(example("Organization-01", server)),
        }
    )


@pytest.fixture
def district(db):
    return DistrictFactory(slug="beispielstadt", name="Stadt Köln")


def our_paper(district, reference="1234/2014", committee="Ausschuss für Haushalt und Finanzen"):
    paper = released_paper(district=district, consultations=1, attachments=0)
    paper.reference = reference
    paper.save()
    consultation = paper.consultations.get()
    consultation.committee = CommitteeFactory(district=district, name=committee)
    consultation.role = Consultation.Role.DECISION
    consultation.save()
    return paper


def run(district):
    out = io.StringIO()
    call_command("import_results", "--district", district.slug, stdout=out)
    return out.getvalue()


def test_import_from_the_standards_example_objects_fills_in_the_result_once(district, server):
    paper = our_paper(district)
    serve_examples(server)
    district.oparl_source_url = server.url("/")
    district.save()
    output = run(district)
    consultation = paper.consultations.get()
    assert consultation.outcome == Consultation.Outcome.AMENDED
    assert consultation.amended_text == "Der Beschluss weicht wie folgt vom Antrag ab: ..."
    assert consultation.date == datetime.date(2013, 1, 4)
    assert consultation.extract_pdf.name.endswith(".pdf")
    assert "1234/2014, Ausschuss für Haushalt und Finanzen, 04.01.2013: geändert beschlossen" in output
    assert "1 Ergebnisse übernommen." in output
    history = consultation.history.count()
    # Idempotent: a second run changes nothing and says so.
    again = run(district)
    assert "Keine Änderungen" in again
    assert consultation.history.count() == history


def test_a_system_of_another_oparl_version_is_refused_with_a_clear_message(district, server):
    our_paper(district)
    serve_examples(server)
    system = example("System-01", server)
    system["oparlVersion"] = "https://schema.oparl.org/2.0/"
    server.routes["/"] = Answer(system)
    district.oparl_source_url = server.url("/")
    district.save()
    with pytest.raises(CommandError, match="ist kein OParl-System der Version 1.0 oder 1.1"):
        run(district)
    assert Consultation.objects.get().outcome == ""


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://127.0.0.1/oparl", "Nur http- und https-Adressen"),
        ("file:///etc/passwd", "Nur http- und https-Adressen"),
    ],
)
def test_only_http_and_https_are_read(district, url, message):
    district.oparl_source_url = url
    district.save()
    with pytest.raises(CommandError, match=message):
        run(district)


def test_private_and_loopback_addresses_are_refused_unless_allowed(district, server, settings):
    serve_examples(server)
    district.oparl_source_url = server.url("/")
    district.save()
    settings.OPARL_CLIENT_ALLOW_PRIVATE = False
    with pytest.raises(CommandError, match="private oder lokale Adresse"):
        run(district)
    assert server.requests == []
    settings.OPARL_CLIENT_ALLOW_PRIVATE = True
    assert "Keine Änderungen" in run(district)


def test_redirects_are_followed_on_the_same_host_only(district, server):
    serve_examples(server)
    server.routes["/moved"] = Answer(status=301, headers={"Location": "/"})
    district.oparl_source_url = server.url("/moved")
    district.save()
    assert "Keine Änderungen" in run(district)
    elsewhere = server.base.replace("127.0.0.1", "localhost")
    server.routes["/away"] = Answer(status=302, headers={"Location": f"{elsewhere}/"})
    district.oparl_source_url = server.url("/away")
    district.save()
    with pytest.raises(CommandError, match="leitet auf einen anderen Host um"):
        run(district)


def test_answers_too_large_or_too_slow_stop_the_import(district, server, settings):
    serve_examples(server)
    district.oparl_source_url = server.url("/")
    district.save()
    settings.OPARL_CLIENT_MAX_BYTES = 200
    with pytest.raises(CommandError, match="mehr als 200 Bytes"):
        run(district)
    settings.OPARL_CLIENT_MAX_BYTES = 10_000_000
    server.routes["/"].delay = 1.5
    settings.OPARL_CLIENT_TIMEOUT = 0.3
    with pytest.raises(CommandError, match="kann nicht gelesen werden"):
        run(district)
    server.routes["/"].delay = 0
    settings.OPARL_CLIENT_MAX_REQUESTS = 2
    with pytest.raises(CommandError, match="zu viele Anfragen"):
        run(district)


def test_the_import_touches_only_the_districts_own_papers(district, server):
    serve_examples(server)
    other = DistrictFactory(slug="andere-stadt")
    theirs = our_paper(other)
    mine = our_paper(district)
    district.oparl_source_url = server.url("/")
    district.save()
    run(district)
    assert mine.consultations.get().outcome == Consultation.Outcome.AMENDED
    assert theirs.consultations.get().outcome == ""
    assert Committee.objects.filter(district=other).count() == 2
