"""The Synopse as a tagged PDF (PDF/UA-1), written by the portal's PDF engine."""

from django.template.loader import render_to_string
from django.utils import translation

from integration_portal.pdf import write_pdf

from ..models import ActionPlan
from .layout import Synopsis

STYLESHEETS = ("pdf/fonts.css", "actionplan/synopsis_pdf.css", "actionplan/synopsis_table.css")


def synopsis_html(*, plan: ActionPlan, new: ActionPlan, synopsis: Synopsis) -> str:
    """The whole Synopse (every section, unchanged measures one line each); a draft is marked ENTWURF."""
    with translation.override("de"):
        return render_to_string(
            "actionplan/synopsis/synopsis_pdf.html",
            {"plan": plan, "synopsis": synopsis, "sections": synopsis.sections, "draft": new.is_draft},
        )


def synopsis_pdf(*, plan: ActionPlan, new: ActionPlan, synopsis: Synopsis) -> bytes:
    html = synopsis_html(plan=plan, new=new, synopsis=synopsis)
    return write_pdf(html, stylesheets=STYLESHEETS, pdf_variant="pdf/ua-1", pdf_identifier=b"integrationsportal")


def synopsis_filename(*, plan: ActionPlan, old: ActionPlan, new: ActionPlan) -> str:
    return f"synopse-{plan.pk}-fassung-{old.version}-{new.version}.pdf"
