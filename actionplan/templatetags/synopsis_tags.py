"""Changed words of the Synopse as marked-up text: never by colour alone, and named for screen readers."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from actionplan.synopsis.words import DELETE, INSERT

register = template.Library()


def _marked(segments, inserted: str, deleted: str) -> str:
    """Each segment escaped by format_html, inside its mark where it changed."""
    parts = []
    for segment in segments:
        if segment.op == INSERT:
            parts.append(format_html(inserted, text=segment.text, label=_("inserted")))
        elif segment.op == DELETE:
            parts.append(format_html(deleted, text=segment.text, label=_("struck out")))
        else:
            parts.append(format_html("{}", segment.text))
    return format_html_join("", "{}", ((part,) for part in parts))


@register.filter
def marked(segments):
    """<ins>/<del> with the change named in hidden text (“[eingefügt: …]”) for screen readers."""
    hidden = '<span class="visually-hidden">[{label}: </span>{text}<span class="visually-hidden">]</span>'
    return _marked(segments, f"<ins>{hidden}</ins>", f"<del>{hidden}</del>")


@register.filter
def marked_pdf(segments):
    """Visible marks in the text itself, read aloud as they are printed: “[+ neu]” and “[− alt]”."""
    return _marked(
        segments,
        '<span class="ins">[+\u2009{text}]</span>',
        '<span class="del">[\u2212\u2009{text}]</span>',
    )
