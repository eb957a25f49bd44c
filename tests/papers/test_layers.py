"""Selectors answer None or a domain error; the views decide on 404."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser

from papers import selectors, services
from papers.models import CouncilPaper
from steering import services as steering_services

from ..factories import ActionPlanFactory
from ..steering.factories import AnnualSelectionFactory
from .factories import make_paper

pytestmark = pytest.mark.django_db


def test_a_draft_paper_is_none_for_the_public_and_404_on_its_page(client, district):
    paper = make_paper(district=district)
    assert selectors.paper_detail(user=AnonymousUser(), district_slug=district.slug, pk=paper.pk) is None
    assert selectors.paper_get(user=AnonymousUser(), district_slug=district.slug, pk=paper.pk) is None
    assert client.get(paper.get_absolute_url()).status_code == 404
    assert client.get(paper.get_pdf_url()).status_code == 404


def test_an_annex_naming_another_districts_plan_is_a_domain_error_not_a_404(district, other_district):
    paper = make_paper(district=district)
    # Bad data the admin refuses; written past the model's clean on purpose.
    CouncilPaper.objects.filter(pk=paper.pk).update(annex_plan=ActionPlanFactory(district=other_district))
    paper.refresh_from_db()
    with pytest.raises(selectors.AnnexPlanMissing):
        selectors.paper_annex(paper=paper)


def test_downloads_are_logged_by_the_service(district, kit_user, caplog):
    paper = make_paper(district=district)
    with caplog.at_level(logging.INFO, logger="integration_portal.audit"):
        services.download_record(paper=paper, user=kit_user)
    assert "event=pdf_download user=kit-a" in caplog.text and f"reference={paper.reference}" in caplog.text


def test_withdrawing_a_selection_is_logged_by_the_service(district, steering_user, caplog):
    selection = AnnualSelectionFactory(district=district)
    with caplog.at_level(logging.INFO, logger="integration_portal.audit"):
        steering_services.selection_delete(selection=selection, user=steering_user)
    assert f"event=annual_selection_removed user={steering_user.username}" in caplog.text
