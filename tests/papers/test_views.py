"""Who sees which paper, the list with its filters, downloads and their file names and audit lines."""

import datetime
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from integration_portal import roles
from papers import services
from papers.models import Attachment, Consultation, CouncilPaper

from ..factories import UserFactory
from ..pages import missing
from ..queries import count_queries
from .factories import CommitteeFactory, make_paper

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def released(paper, user=None, public=True):
    if not public:
        paper.is_public = False
        paper.non_public_reason = "Personalangelegenheit"
        paper.save()
    services.paper_change_status(paper=paper, status="co_signing", user=user)
    return services.paper_change_status(paper=paper, status="released", user=user)


def list_url(district):
    return reverse("papers:paper_list", kwargs={"slug": district.slug})


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.KIT_STAFF, roles.STEERING_GROUP, roles.COMMITTEE_MEMBERS])
def test_the_districts_roles_see_all_its_papers(client, district, role):
    draft = make_paper(district=district, title="Entwurf zur Sprache")
    hidden = released(make_paper(district=district, title="Vertrauliche Vorlage"), public=False)
    client.force_login(UserFactory(district=district, role=role))
    content = client.get(list_url(district)).content.decode()
    assert draft.reference in content and "Entwurf zur Sprache" in content
    assert hidden.reference in content and "nichtöffentlich" in content
    assert client.get(draft.get_pdf_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "without role"])
def test_visitors_list_the_released_public_papers_only(client, district, logged_in):
    draft = make_paper(district=district, title="Entwurf zur Sprache")
    secret = released(make_paper(district=district, title="Vertrauliche Vorlage"), public=False)
    public = released(make_paper(district=district, title="Aktionsplan Integration"))
    if logged_in:
        client.force_login(UserFactory(district=district))
    content = client.get(list_url(district)).content.decode()
    assert public.reference in content and "Aktionsplan Integration" in content
    assert draft.reference not in content and "Entwurf zur Sprache" not in content
    assert secret.reference not in content and "Vertrauliche Vorlage" not in content


@pytest.mark.django_db
def test_anonymous_visitors_get_released_public_papers_only(client, district):
    draft = make_paper(district=district)
    co_signing = services.paper_change_status(paper=make_paper(district=district), status="co_signing")
    public = released(make_paper(district=district))
    secret = released(make_paper(district=district), public=False)

    response = client.get(public.get_pdf_url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="VO-2025-3.pdf"'
    assert client.get(public.get_absolute_url()).status_code == 200
    for paper in (draft, co_signing, secret):
        assert client.get(paper.get_pdf_url()).status_code == 404
        assert client.get(paper.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_another_districts_staff_see_only_its_published_papers(client, district, other_kit_user):
    draft = make_paper(district=district)
    secret = released(make_paper(district=district), public=False)
    public = released(make_paper(district=district))
    client.force_login(other_kit_user)
    assert client.get(draft.get_pdf_url()).status_code == 404
    assert client.get(secret.get_pdf_url()).status_code == 404
    assert client.get(public.get_pdf_url()).status_code == 200
    content = client.get(list_url(district)).content.decode()
    assert public.reference in content
    assert draft.reference not in content and secret.reference not in content


@pytest.mark.django_db
def test_download_is_named_after_the_reference_and_logged(client, committee_user, district, caplog):
    paper = make_paper(district=district)
    client.force_login(committee_user)
    with caplog.at_level(logging.INFO, logger="integration_portal.audit"):
        response = client.get(paper.get_pdf_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="VO-2025-1.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "event=pdf_download user=committee-a" in caplog.text
    assert "reference=VO/2025/1" in caplog.text


def test_file_names_for_every_scheme():
    for reference, name in [
        ("VO/2025/246", "VO-2025-246.pdf"),
        ("Drucksache 2018/0412", "Drucksache-2018-0412.pdf"),
        ("2017/FB3/0433", "2017-FB3-0433.pdf"),
        ("V 315/2012", "V-315-2012.pdf"),
        ("VO/2025/246-R1", "VO-2025-246-R1.pdf"),
    ]:
        assert CouncilPaper(reference=reference).pdf_filename == name


@pytest.mark.django_db
def test_filters_by_status_committee_and_year(client, kit_user, district):
    soga = CommitteeFactory(district=district, name="Sozial- und Gesundheitsausschuss")
    with_soga = make_paper(district=district, title="Mit SoGA")
    Consultation.objects.create(district=district, paper=with_soga, date=datetime.date(2025, 9, 23), committee=soga)
    older = make_paper(district=district, title="Aus 2024", date=datetime.date(2024, 3, 1))
    done = released(make_paper(district=district, title="Freigegeben"))
    client.force_login(kit_user)

    def titles(**params):
        response = client.get(list_url(district), params)
        return {paper.title for paper in response.context["papers"]}

    assert titles() == {"Mit SoGA", "Aus 2024", "Freigegeben"}
    assert titles(committee=soga.pk) == {"Mit SoGA"}
    assert titles(year=2024) == {older.title}
    assert titles(status="released") == {done.title}
    assert titles(status="draft", year=2025) == {"Mit SoGA"}


@pytest.mark.django_db
def test_list_queries_do_not_grow_with_the_papers(client, kit_user, district):
    client.force_login(kit_user)

    def queries():
        with count_queries() as statements:
            assert client.get(list_url(district)).status_code == 200
        return len(statements)

    make_paper(district=district, consultations=1)
    few = queries()
    for _ in range(8):
        paper = make_paper(district=district, consultations=2)
        Attachment.objects.create(district=district, paper=paper, title="Anlage")
    many = queries()
    # session, user, permissions, district, committees, meetings, years, papers, consultations, attachments.
    # PostgreSQL reads the committee and meeting choices through a server-side cursor, which the capture does
    # not see.
    assert few == many == (10 if connection.vendor == "sqlite" else 8)


@pytest.mark.django_db
def test_attachments_are_served_only_to_those_who_may_see_the_paper(client, district, committee_user, media_root):
    paper = make_paper(district=district)
    attachment = Attachment.objects.create(
        district=district,
        paper=paper,
        title="Stellungnahme",
        order=1,
        file=SimpleUploadedFile("stellungnahme.pdf", PDF_BYTES),
    )
    url = reverse(
        "papers:attachment_download", kwargs={"slug": district.slug, "pk": paper.pk, "attachment_pk": attachment.pk}
    )
    assert client.get(url).status_code == 404
    client.force_login(committee_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="VO-2025-1-Anlage-1.pdf"'
    assert b"".join(response.streaming_content) == PDF_BYTES
    # Uploads are not in any static or public folder.
    assert str(media_root) in attachment.file.path


@pytest.mark.django_db
def test_the_nav_links_to_the_papers(client, committee_user, district):
    client.force_login(committee_user)
    content = client.get("/").content.decode()
    assert f'href="{list_url(district)}">Vorlagen<' in content


@pytest.mark.django_db
def test_district_page_leads_residents_to_the_council_papers(client, district):
    content = client.get(district.get_absolute_url()).content.decode()
    assert f'href="{list_url(district)}"' in content
    assert f"Vorlagen: {district.name}" in content


@pytest.mark.django_db
def test_the_filter_form_is_rendered_like_the_portals_other_forms(client, kit_user, district):
    CommitteeFactory(district=district, name="Sozial- und Gesundheitsausschuss")
    client.force_login(kit_user)
    html = client.get(list_url(district), {"status": "draft"}).content.decode()
    assert not missing(
        html,
        '<form  aria-label="Vorlagen filtern" class="paper-filter" method="get" >',
        # crispy-forms' Bootstrap markup: labelled selects with the form classes, the chosen value kept.
        'for="id_committee" class="form-label',
        'class="select form-select',
        '<option value="draft" selected>',
        '<button  class="btn btn-primary" type="submit">Filter anwenden</button>',
    )


@pytest.mark.django_db
def test_the_public_status_filter_offers_only_what_a_visitor_can_see(client, kit_user, other_kit_user, district):
    released(make_paper(district=district, title="Freigegeben"))
    for user in (None, other_kit_user):
        if user:
            client.force_login(user)
        offered = dict(client.get(list_url(district)).context["form"].fields["status"].choices)
        assert set(offered) == {"", "released", "in_consultation", "done"}
        assert "Entwurf" not in client.get(list_url(district)).content.decode()
    client.force_login(kit_user)
    offered = dict(client.get(list_url(district)).context["form"].fields["status"].choices)
    assert {"draft", "co_signing"} <= set(offered)
