"""A released paper is what the council decides on: no restore changes it, and its history says each step."""

import html
import re

import pytest
from django.urls import reverse

from papers import services

from .factories import make_paper

pytestmark = pytest.mark.django_db

REFUSED = "Eine freigegebene Vorlage kann weder wiederhergestellt noch geändert werden"


def released(district, user):
    paper = make_paper(district=district, user=user, title="Erste Fassung")
    paper.title = "Zweite Fassung"
    paper.save()
    services.paper_change_status(paper=paper, status="co_signing", user=user)
    return services.paper_change_status(paper=paper, status="released", user=user)


def test_restoring_a_released_paper_is_refused_with_a_message(kit_client, kit_user, district):
    paper = released(district, kit_user)
    pdf, oldest = paper.released_pdf.name, paper.history.earliest()
    url = reverse("admin:papers_councilpaper_simple_history", args=[paper.pk, oldest.history_id])

    for response in (kit_client.get(url, follow=True), kit_client.post(url, {"title": "Erste Fassung"}, follow=True)):
        assert (
            "Eine freigegebene Vorlage kann weder wiederhergestellt noch geändert werden" in response.content.decode()
        )

    paper.refresh_from_db()
    assert (paper.status, paper.title, paper.released_pdf.name) == ("released", "Zweite Fassung", pdf)
    assert kit_client.get(paper.get_absolute_url()).status_code == 200


def test_the_history_shows_each_status_step(kit_client, kit_user, district):
    paper = released(district, kit_user)
    page = kit_client.get(reverse("admin:papers_councilpaper_history", args=[paper.pk])).content.decode()
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert "Status: Entwurf → Mitzeichnung" in text
    assert "Status: Mitzeichnung → freigegeben" in text


def test_the_change_page_of_a_released_paper_says_it_cannot_be_changed(kit_client, kit_user, district):
    paper = released(district, kit_user)
    page = kit_client.get(reverse("admin:papers_councilpaper_change", args=[paper.pk])).content.decode()
    assert REFUSED in page
    assert (
        "title"
        not in kit_client.get(reverse("admin:papers_councilpaper_change", args=[paper.pk]))
        .context["adminform"]
        .form.fields
    )
