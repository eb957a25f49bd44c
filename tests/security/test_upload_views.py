"""The real upload forms refuse every malicious file of the attack list and keep nothing of the save."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from papers.models import Attachment
from participation.models import Format

from ..papers.factories import make_paper
from ..papers.test_admin import save_with_attachment
from ..participation.factories import ParticipationProcessFactory, blank_pdf
from .test_uploads import MALICIOUS_UPLOADS

pytestmark = pytest.mark.django_db
ATTACKS = pytest.mark.parametrize(
    ("name", "content"), [attack[:2] for attack in MALICIOUS_UPLOADS], ids=[attack[2] for attack in MALICIOUS_UPLOADS]
)


@ATTACKS
def test_paper_attachment_upload_refuses_the_file_and_the_whole_save(kit_client, district, name, content):
    paper = make_paper(district=district)
    response = save_with_attachment(kit_client, paper, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    content_text = response.content.decode()
    assert "Dieser Dateityp ist nicht erlaubt" in content_text or "Die übertragene Datei ist leer" in content_text
    paper.refresh_from_db()
    assert paper.title != "Geänderter Betreff"
    assert not Attachment.objects.exists()


def format_with_document(process, name, content):
    return {
        "process": process.pk,
        "kind": "conference",
        "title": "Zukunftskonferenz",
        "start": "25.03.2025",
        "audience": "professionals",
        "findings-TOTAL_FORMS": "0",
        "findings-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-title": "Protokoll",
        "documents-0-file": SimpleUploadedFile(name, content),
    }


def test_a_real_pdf_is_stored_with_its_format(kit_client, district):
    process = ParticipationProcessFactory(district=district)
    response = kit_client.post(
        reverse("admin:participation_format_add"), format_with_document(process, "Protokoll.pdf", blank_pdf())
    )
    assert response.status_code == 302
    assert Format.objects.get().documents.get().title == "Protokoll"


@ATTACKS
def test_participation_document_upload_refuses_the_file_and_the_whole_save(kit_client, district, name, content):
    process = ParticipationProcessFactory(district=district)
    data = format_with_document(process, name, content)
    response = kit_client.post(reverse("admin:participation_format_add"), data)
    assert response.status_code == 200
    content_text = response.content.decode()
    assert "Dieser Dateityp ist nicht erlaubt" in content_text or "Die übertragene Datei ist leer" in content_text
    assert not Format.objects.exists()
