"""Status workflow with who and when; a released paper is frozen (drafts: tests/papers/test_pdf_jobs.py)."""

import pytest
from django.core.exceptions import ValidationError

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
