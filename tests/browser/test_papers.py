"""Committee members find and download papers; the public gets released public papers; KIT previews in the admin."""

import pytest
from playwright.sync_api import expect

from papers.models import CouncilPaper

from .axe import assert_accessible
from .demo import log_in, set_up_demo
from .downloads import downloaded

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    set_up_demo(settings)


def test_committee_member_filters_the_list_and_downloads_the_pdf(live_server, page, demo, tmp_path):
    log_in(page, live_server, "committee")
    page.get_by_role("link", name="Vorlagen").click()
    expect(page.get_by_role("heading", name="Vorlagen")).to_be_visible()
    rows = page.locator(".paper-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("VO/2025/246")
    expect(rows.first).to_contain_text("23.09.2025 SoGA (Beratung)")
    assert_accessible(page)

    page.get_by_label("Gremium").select_option(label="Kreistag des Kreises Rendsburg-Eckernförde")
    page.get_by_label("Status").select_option(label="Entwurf")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(rows).to_have_count(1)
    page.get_by_label("Jahr").select_option(label="2025")
    page.get_by_label("Status").select_option(label="freigegeben")
    page.get_by_role("button", name="Filter anwenden").click()
    expect(page.get_by_text("Keine Vorlagen gefunden.")).to_be_visible()

    page.get_by_label("Status").select_option(label="alle")
    page.get_by_role("button", name="Filter anwenden").click()
    page.get_by_role("link", name="VO/2025/246").click()
    expect(page.get_by_role("note")).to_have_text("ENTWURF")
    assert_accessible(page)
    target = downloaded(page, page.get_by_role("link", name="PDF herunterladen (VO-2025-246.pdf)"), tmp_path)
    assert target.name == "VO-2025-246.pdf"
    assert target.read_bytes().startswith(b"%PDF")


def test_the_public_downloads_released_public_papers_only(live_server, page, demo):
    released = CouncilPaper.objects.get(reference="Drucksache 2018/0412")
    draft = CouncilPaper.objects.get(reference="VO/2025/246")

    response = page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    assert response.status == 404
    response = page.request.get(f"{live_server.url}{draft.get_pdf_url()}")
    assert response.status == 404

    page.goto(f"{live_server.url}{released.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Drucksache 2018/0412: Handlungskonzept Integration")
    expect(page.locator(".paper-table")).to_contain_text("ungeändert beschlossen")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF herunterladen (Drucksache-2018-0412.pdf)").click()
    assert download_info.value.suggested_filename == "Drucksache-2018-0412.pdf"


def test_kit_opens_the_paper_in_the_admin_and_previews_its_pdf(live_server, page, demo):
    log_in(page, live_server, "kit")
    page.goto(f"{live_server.url}/admin/papers/councilpaper/")
    page.get_by_role("link", name="VO/2025/246").click()
    expect(page.locator("#consultations-group")).to_contain_text("Sozial- und Gesundheitsausschuss")
    preview = page.locator(".object-tools").get_by_role("link", name="PDF-Vorschau")
    paper = CouncilPaper.objects.get(reference="VO/2025/246")
    expect(preview).to_have_attribute("href", paper.get_pdf_url())
    expect(preview).to_have_attribute("target", "_blank")
    response = page.request.get(f"{live_server.url}{paper.get_pdf_url()}")
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_visitors_follow_the_meetings_to_the_paper_and_its_extract(live_server, page, demo):
    drucksache = CouncilPaper.objects.get(reference="Drucksache 2018/0412")
    page.goto(f"{live_server.url}/districts/rendsburg-eckernfoerde/")
    page.get_by_role("link", name="Sitzungen und Tagesordnungen: Kreis Rendsburg-Eckernförde").click()
    expect(page.get_by_role("heading", name="Sitzungen", level=1)).to_be_visible()
    rows = page.locator(".paper-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Kreistag des Kreises Rendsburg-Eckernförde")
    expect(rows.first).to_contain_text("Kreishaus Rendsburg")
    assert_accessible(page)
    page.get_by_role("link", name="29.09.2025").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("29.09.2025")
    agenda = page.locator(".paper-table tbody tr")
    expect(agenda).to_have_count(1)
    expect(agenda.first).to_contain_text("Ö 9")
    # The paper on the agenda is still a draft: visitors read the item, but get no link to the paper.
    expect(agenda.first.get_by_role("link")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{live_server.url}{drucksache.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Sachverhalt")).to_be_visible()
    expect(page.get_by_role("heading", name="Finanzielle Auswirkungen")).to_be_visible()
    assert_accessible(page)
    extract = page.get_by_role("link", name="Beschlussauszug (PDF)").get_attribute("href")
    response = page.request.get(f"{live_server.url}{extract}")
    assert response.status == 200
    assert response.body().startswith(b"%PDF")


def test_kit_enters_a_result_in_the_admin(live_server, page, demo):
    paper = CouncilPaper.objects.get(reference="VO/2025/246")
    log_in(page, live_server, "kit")
    for action in ("In die Mitzeichnung geben", "Freigeben (PDF wird eingefroren)"):
        page.goto(f"{live_server.url}/admin/papers/councilpaper/")
        page.locator(f'input[name="_selected_action"][value="{paper.pk}"]').check()
        page.locator('select[name="action"]').select_option(label=action)
        page.get_by_role("button", name="Ausführen").click()
    page.goto(f"{live_server.url}/admin/papers/councilpaper/{paper.pk}/change/")
    page.locator("#consultations-group").get_by_role("link", name="Ergebnis eintragen").last.click()
    page.get_by_label("Ergebnis:").select_option(label="ungeändert beschlossen")
    page.get_by_label("Ja-Stimmen:").fill("48")
    page.get_by_label("Nein-Stimmen:").fill("3")
    page.get_by_label("Enthaltungen:").fill("4")
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("erfolgreich")
    page.goto(f"{live_server.url}{paper.get_absolute_url()}")
    expect(page.locator(".paper-table").first).to_contain_text("Ja 48, Nein 3, Enthaltungen 4")
    page.goto(f"{live_server.url}{paper.annex_plan.get_absolute_url()}")
    adoption = "Fassung 1, beschlossen vom Kreistag am 29.09.2025, VO/2025/246"
    expect(page.locator(".plan-adoption")).to_have_text(adoption)
