"""A Beschlussvorlage for a revision takes the Synopse as its annex, beside the full plan or instead of it."""

import pytest
from django.core.exceptions import ValidationError

from papers.models import CouncilPaper
from papers.pdf import render_paper_pdf

from ..actionplan.synopsis_scenario import adopted_plan, revised_with_each_change
from ..actionplan.test_synopsis_pdf import pdf_text
from .factories import make_paper

PLAN_TABLE = "Problem/Herausforderung Maßnahme Indikatoren Zuständigkeit"
SYNOPSIS_TABLE = "bisherige Fassung: Fassung 1 (beschlossen) neue Fassung: Fassung 2 (Entwurf)"


@pytest.fixture
def draft(district):
    return revised_with_each_change(adopted_plan(district))


@pytest.mark.parametrize(
    ("content", "has_plan", "has_synopsis"),
    [
        (CouncilPaper.AnnexContent.PLAN, True, False),
        (CouncilPaper.AnnexContent.SYNOPSIS, False, True),
        (CouncilPaper.AnnexContent.BOTH, True, True),
    ],
)
@pytest.mark.django_db
def test_the_annex_holds_the_plan_the_synopsis_or_both(district, draft, content, has_plan, has_synopsis):
    paper = make_paper(district=district, annex_plan=draft, annex_content=content)
    text = pdf_text(render_paper_pdf(paper))
    assert (PLAN_TABLE in text) is has_plan
    assert (SYNOPSIS_TABLE in text) is has_synopsis
    assert ("Synopse zum Aktionsplan „Integration im Fokus“" in text) is has_synopsis
    if has_synopsis:
        assert "[− Drei] Sprachkurse" in text and "[+ Vier] Sprachkurse" in text
        assert text.count("Maßnahme aufgeteilt: in 2 Maßnahmen; Text") == 1


@pytest.mark.django_db
def test_a_synopsis_annex_needs_a_revision(district):
    plan = adopted_plan(district)
    paper = CouncilPaper(district=district, annex_plan=plan, annex_content=CouncilPaper.AnnexContent.SYNOPSIS)
    with pytest.raises(ValidationError) as refused:
        paper.clean()
    assert refused.value.message_dict["annex_content"] == [
        "Eine Synopse gibt es nur für eine Fortschreibung: Wählen Sie als Anlage einen Plan, "
        "der eine beschlossene Fassung fortschreibt."
    ]


@pytest.mark.django_db
def test_the_paper_page_links_the_synopsis_annex(kit_client, district, draft):
    paper = make_paper(district=district, annex_plan=draft, annex_content=CouncilPaper.AnnexContent.SYNOPSIS)
    page = kit_client.get(paper.get_absolute_url()).content.decode()
    synopsis_url = f"/districts/{district.slug}/plans/{draft.pk}/synopsis/"
    assert f'<a href="{synopsis_url}">Synopse zum Aktionsplan „Integration im Fokus“</a>' in page
    assert f'<a href="{draft.get_absolute_url()}">' not in page
