import stat

import pytest
from django.core.management import CommandError, call_command

from .pdftext import page_texts


def test_render_paper_writes_the_pdf(demo, tmp_path):
    target = tmp_path / "VO-2025-246.pdf"
    call_command("render_paper", "VO/2025/246", "--district", "rendsburg-eckernfoerde", "-o", str(target))
    pages = page_texts(target.read_bytes())
    assert "VO/2025/246" in pages[0]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_render_paper_writes_the_frozen_file_of_a_released_paper(demo, tmp_path):
    target = tmp_path / "ds.pdf"
    call_command("render_paper", "Drucksache 2018/0412", "--district", "dithmarschen", "-o", str(target))
    demo["drucksache"].refresh_from_db()
    assert target.read_bytes() == demo["drucksache"].released_pdf.read()


@pytest.mark.django_db
def test_render_paper_names_an_unknown_reference(tmp_path):
    with pytest.raises(CommandError, match="Keine Drucksache „VO/1/1“ im Kreis „nowhere“"):
        call_command("render_paper", "VO/1/1", "--district", "nowhere", "-o", str(tmp_path / "x.pdf"))
