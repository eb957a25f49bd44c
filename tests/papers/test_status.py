"""Status workflow with who and when; a released paper is frozen; drafts render again only when they change."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from actionplan.models import Measure
from papers import pdf as paper_pdf
from papers import services
from papers.models import CouncilPaper, StatusChange

from ..factories import build_plan
from .factories import make_paper
from .pdftext import page_texts, squeeze


def release(paper, user):
    services.paper_change_status(paper=paper, status=CouncilPaper.Status.CO_SIGNING, user=user)
    return services.paper_change_status(paper=paper, status=CouncilPaper.Status.RELEASED, user=user)


@pytest.mark.django_db
def test_every_status_change_records_who_and_when(district, kit_user):
    paper = make_paper(district=district, user=kit_user)
    for status in ["co_signing", "released", "in_consultation", "done"]:
        paper = services.paper_change_status(paper=paper, status=status, user=kit_user)
    changes = list(StatusChange.objects.filter(paper=paper))
    assert [(change.from_status, change.to_status) for change in changes] == [
        ("", "draft"),
        ("draft", "co_signing"),
        ("co_signing", "released"),
        ("released", "in_consultation"),
        ("in_consultation", "done"),
    ]
    assert all(change.changed_by == kit_user and change.changed_at for change in changes)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "target"), [([], "released"), (["co_signing", "released"], "draft"), ([], "done")])
def test_skipping_or_going_back_after_release_is_refused_in_german(district, kit_user, path, target):
    paper = make_paper(district=district)
    for status in path:
        paper = services.paper_change_status(paper=paper, status=status, user=kit_user)
    with pytest.raises(ValidationError, match="Eine Vorlage kann nicht von"):
        services.paper_change_status(paper=paper, status=target, user=kit_user)


@pytest.mark.django_db
def test_a_plan_edit_after_release_leaves_the_released_pdf_byte_identical(district, kit_user, client):
    plan = build_plan(district=district, measures=4, fields=2)
    paper = release(make_paper(district=district, annex_plan=plan), kit_user)
    client.force_login(kit_user)
    before = b"".join(client.get(paper.get_pdf_url()).streaming_content)
    assert "ENTWURF" not in "".join(page_texts(before))

    Measure.objects.filter(challenge__field__plan=plan).update(text="Nach der Freigabe geändert")
    plan.title = "Ein anderer Titel"
    plan.save()

    after = b"".join(client.get(paper.get_pdf_url()).streaming_content)
    assert after == before
    assert squeeze("Nach der Freigabe geändert") not in squeeze("".join(page_texts(after)))
    # A fresh render would differ: the freeze, not chance, keeps the file the same.
    assert squeeze("Nach der Freigabe geändert") in squeeze("".join(page_texts(paper_pdf.render_paper_pdf(paper))))


@pytest.fixture
def render_counter(monkeypatch):
    calls = []
    real = paper_pdf.html_to_pdf

    def counting(html, fetcher=None):
        calls.append(1)
        return real(html, fetcher)

    monkeypatch.setattr(paper_pdf, "html_to_pdf", counting)
    return calls


@pytest.mark.django_db
def test_a_draft_is_rendered_again_only_when_its_content_changed(district, render_counter):
    plan = build_plan(district=district, measures=2, fields=1)
    paper = make_paper(district=district, annex_plan=plan)

    first = paper_pdf.draft_pdf_path(paper)
    assert paper_pdf.draft_pdf_path(paper) == first
    assert len(render_counter) == 1

    Measure.objects.filter(challenge__field__plan=plan).update(text="Neue Maßnahme")
    second = paper_pdf.draft_pdf_path(paper)
    assert second != first
    assert len(render_counter) == 2
    assert "NeueMaßnahme" in squeeze("".join(page_texts(default_storage.open(second).read())))
    # The outdated render is gone from storage.
    assert not default_storage.exists(first)


@pytest.mark.django_db
def test_a_slow_render_answers_503_in_german_and_serves_the_file_afterwards(district, kit_user, client, monkeypatch):
    paper = make_paper(district=district)
    client.force_login(kit_user)
    monkeypatch.setattr(paper_pdf, "RENDER_TIMEOUT", 0.001)

    response = client.get(paper.get_pdf_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "PDF wird erstellt, bitte gleich erneut versuchen" in response.content.decode()

    # The render goes on in its worker; the next request gets the file.
    monkeypatch.setattr(paper_pdf, "RENDER_TIMEOUT", 60)
    response = client.get(paper.get_pdf_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
