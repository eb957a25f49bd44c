"""Nothing of a draft in public: a crawl of every public page as a visitor and as other districts' users.

The district has an adopted plan, a draft plan, a draft paper, a non-public paper, a non-public process
and a non-public document; every text of the non-public ones carries SECRET. The crawl starts at the
home page and the district's pages, follows every link (PDFs included, read as text) and fails where
SECRET appears. The district's own users see the same drafts, so the crawl would find them.
"""

import datetime
import io
import re
from html.parser import HTMLParser
from urllib.parse import quote, urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from actionplan.models import ActionPlan
from integration_portal import roles
from papers import services as paper_services
from papers.models import CouncilPaper

from .. import factories
from ..papers.factories import make_paper
from ..participation.factories import FindingFactory, FormatDocumentFactory, FormatFactory, ParticipationProcessFactory

SECRET = "ENTWURFSGEHEIMNIS"
MAX_PAGES = 400


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)


def _followed(url):
    """Site-internal pages a visitor may open; the admin and the login forms are not public pages."""
    path = urlsplit(url).path
    if urlsplit(url).netloc or not path.startswith("/"):
        return False
    return not path.startswith(("/admin/", "/accounts/", "/static/"))


def _text(response):
    if response.get("Content-Type", "").startswith("application/pdf"):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def crawl(client, start):
    """{url: text} of every page reachable from `start` (a list of URLs) by following links."""
    seen, queue, pages = set(), list(start), {}
    while queue and len(seen) < MAX_PAGES:
        url = urldefrag(queue.pop(0))[0]
        if url in seen or not _followed(url):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        text = _text(response)
        pages[url] = text
        if response.get("Content-Type", "").startswith("text/html"):
            parser = _Links()
            parser.feed(text)
            queue.extend(link for link in parser.links if link not in seen)
    return pages


@pytest.fixture
def drafts(district, media_root_tmp):
    """Adopted and non-public objects of `district`; the non-public ones carry SECRET in their texts."""
    actor = factories.ActorFactory(district=district, name="Jobcenter")
    adopted = factories.MeasureFactory(
        district=district, text="Sprachkurse für Eltern", challenge__field__plan__status=ActionPlan.Status.ADOPTED
    )
    factories.ResponsibilityFactory(district=district, measure=adopted, actor=actor)
    draft_plan = factories.ActionPlanFactory(
        district=district, status=ActionPlan.Status.DRAFT, title=f"{SECRET} Plan", introduction=SECRET
    )
    field = factories.FieldOfActionFactory(district=district, plan=draft_plan, name=f"{SECRET} Handlungsfeld")
    challenge = factories.ChallengeFactory(district=district, field=field, text=f"{SECRET} Herausforderung")
    draft_measures = [
        factories.MeasureFactory(district=district, challenge=challenge, text=f"{SECRET} Maßnahme {i}")
        for i in range(5)
    ]
    factories.IndicatorFactory(district=district, measure=draft_measures[0], text=f"{SECRET} Indikator")
    factories.ResponsibilityFactory(district=district, measure=draft_measures[0], actor=actor, note=f"{SECRET} Hinweis")

    process = ParticipationProcessFactory(district=district, title="Austausch und Dialog", is_public=True)
    format_ = FormatFactory(district=district, process=process, title="Zukunftskonferenz")
    finding = FindingFactory(district=district, format=format_, text="Mehr Sprachkurse")
    finding.measures.add(adopted, *draft_measures)
    FormatDocumentFactory(district=district, format=format_, title=f"{SECRET} Protokoll", is_public=False)
    hidden_process = ParticipationProcessFactory(district=district, title=f"{SECRET} Prozess", is_public=False)

    draft_paper = make_paper(district=district, title=f"{SECRET} Vorlage", statement_of_facts=SECRET)
    closed_paper = make_paper(
        district=district, title=f"{SECRET} nichtöffentlich", is_public=False, non_public_reason=SECRET
    )
    CouncilPaper.objects.filter(pk=closed_paper.pk).update(status=CouncilPaper.Status.RELEASED)
    released = make_paper(district=district, title="Bericht Integration", date=datetime.date(2025, 9, 1))
    released.annex_plan = adopted.challenge.field.plan
    released.save()
    for status in (CouncilPaper.Status.CO_SIGNING, CouncilPaper.Status.RELEASED):
        released = paper_services.paper_change_status(paper=released, status=status)
    return {
        "adopted": adopted,
        "process": process,
        "secret_urls": [
            draft_plan.get_absolute_url(),
            hidden_process.get_absolute_url(),
            reverse("papers:paper_detail", kwargs={"slug": district.slug, "pk": draft_paper.pk}),
            reverse("papers:paper_pdf", kwargs={"slug": district.slug, "pk": draft_paper.pk}),
            reverse("papers:paper_detail", kwargs={"slug": district.slug, "pk": closed_paper.pk}),
            reverse("papers:paper_pdf", kwargs={"slug": district.slug, "pk": closed_paper.pk}),
            format_.documents.get(is_public=False).get_absolute_url(),
        ],
    }


@pytest.fixture
def media_root_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _start_urls(district, drafts):
    return [
        reverse("actionplan:home"),
        district.get_absolute_url(),
        reverse("papers:paper_list", kwargs={"slug": district.slug}),
        drafts["process"].get_absolute_url(),
        *drafts["secret_urls"],
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, roles.KIT_STAFF, roles.STEERING_GROUP, roles.COMMITTEE_MEMBERS])
def test_no_public_page_shows_anything_of_a_draft(role, district, other_district, drafts):
    client = Client()
    if role:
        client.force_login(factories.UserFactory(district=other_district, role=role))
    pages = crawl(client, _start_urls(district, drafts))
    leaks = sorted(url for url, text in pages.items() if SECRET in text)
    assert leaks == []
    # The crawl reached the public pages, the adopted measure and the released paper's PDF.
    assert any(drafts["adopted"].text in text for text in pages.values())
    assert any(re.search(r"/papers/\d+/pdf/", url) for url in pages)
    assert len(pages) > 8


@pytest.mark.django_db
def test_district_users_see_the_draft_measures_linked_on_the_process_page(district, drafts):
    client = Client()
    client.force_login(factories.UserFactory(district=district, role=roles.COMMITTEE_MEMBERS))
    pages = crawl(client, [drafts["process"].get_absolute_url()])
    page = pages[drafts["process"].get_absolute_url()]
    assert page.count(f"{SECRET} Maßnahme") == 5
    assert any(SECRET in text for url, text in pages.items() if "/plans/" in url)


@pytest.mark.django_db
def test_the_public_process_page_names_adopted_measures_only(client, district, drafts):
    page = client.get(drafts["process"].get_absolute_url()).content.decode()
    assert "aufgegriffen in 1 Maßnahme:" in page
    assert f'href="{drafts["adopted"].get_absolute_url()}"' in page


@pytest.mark.django_db
def test_a_logged_out_link_to_a_draft_offers_a_login_back_to_it(client, district, drafts):
    for url in drafts["secret_urls"]:
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404
        assert f'href="{reverse("login")}?next={quote(url)}"' in page
        # Logging in there leads back to the draft.
        user = factories.UserFactory(district=district, role=roles.COMMITTEE_MEMBERS)
        login = Client().post(
            f"{reverse('login')}?next={quote(url)}", {"username": user.username, "password": factories.PASSWORD}
        )
        assert login.status_code == 302 and login["Location"] == url


@pytest.mark.django_db
def test_the_not_found_page_does_not_tell_whether_a_draft_exists(client, district, drafts):
    draft_url = drafts["secret_urls"][0]
    missing_url = re.sub(r"/\d+/$", "/987654/", draft_url)
    draft_page = client.get(draft_url).content.decode().replace(quote(draft_url), "URL")
    missing_page = client.get(missing_url).content.decode().replace(quote(missing_url), "URL")
    assert client.get(missing_url).status_code == 404
    assert draft_page == missing_page
