"""The portal's data tables: one wrapper that scrolls on small screens and is named for screen readers.

{% load portal_tables %}
{% scroll_table _("Meetings") class="paper-table" %}
  {% column_heads _("Date") _("Committee") %}
  <tbody>…</tbody>
{% end_scroll_table %}
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


class ScrollTableNode(template.Node):
    def __init__(self, label, css_class, nodelist):
        self.label, self.css_class, self.nodelist = label, css_class, nodelist

    def render(self, context):
        label = self.label.resolve(context)
        return format_html(
            '<div class="table-scroll" tabindex="0" role="region" aria-label="{label}">'
            '<table class="{css_class}"><caption class="visually-hidden">{label}</caption>{body}</table></div>',
            label=label,
            css_class=self.css_class.resolve(context) if self.css_class else "paper-table",
            body=self.nodelist.render(context),
        )


@register.tag
def scroll_table(parser, token):
    """A table in a labelled, keyboard-scrollable region; the label is also the table's caption."""
    bits = token.split_contents()
    if len(bits) not in (2, 3) or (len(bits) == 3 and not bits[2].startswith("class=")):
        raise template.TemplateSyntaxError('Usage: {% scroll_table LABEL [class="…"] %}')
    label = parser.compile_filter(bits[1])
    css_class = parser.compile_filter(bits[2].removeprefix("class=")) if len(bits) == 3 else None
    nodelist = parser.parse(("end_scroll_table",))
    parser.delete_first_token()
    return ScrollTableNode(label, css_class, nodelist)


@register.simple_tag
def column_heads(*headings):
    """The table's head row: one column header per heading."""
    cells = format_html_join("", '<th scope="col">{}</th>', ((heading,) for heading in headings))
    return format_html("<thead><tr>{}</tr></thead>", cells)
