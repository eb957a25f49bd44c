"""The portal's data tables: one wrapper that scrolls on small screens and is named for screen readers.

{% load portal_tables %}
{% scroll_table _("Meetings") class="paper-table" rows=meetings empty=_("No meetings yet.") %}
  {% column_heads _("Date") _("Committee") %}
  <tbody>{% for meeting in meetings %}…{% endfor %}</tbody>
{% end_scroll_table %}

With `rows` and `empty`, a list without rows is the sentence `empty`, not an empty table; the same rule for a
list of other markup:

{% or_empty plans _("No published action plan yet.") %}<ul>…</ul>{% end_or_empty %}
"""

from django import template
from django.template.base import token_kwargs
from django.utils.html import format_html, format_html_join

register = template.Library()

OPTIONS = {"class", "rows", "empty"}


def empty_sentence(text):
    return format_html('<p class="muted">{}</p>', text)


class OrEmptyNode(template.Node):
    def __init__(self, items, empty, nodelist):
        self.items, self.empty, self.nodelist = items, empty, nodelist

    def render(self, context):
        if not self.items.resolve(context):
            return empty_sentence(self.empty.resolve(context))
        return self.nodelist.render(context)


@register.tag
def or_empty(parser, token):
    """The enclosed markup, or the sentence EMPTY where ITEMS has none."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("Usage: {% or_empty ITEMS EMPTY %}…{% end_or_empty %}")
    nodelist = parser.parse(("end_or_empty",))
    parser.delete_first_token()
    return OrEmptyNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)


class ScrollTableNode(template.Node):
    def __init__(self, label, options, nodelist):
        self.label, self.options, self.nodelist = label, options, nodelist

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        if "rows" in options and not options["rows"]:
            return empty_sentence(options["empty"])
        label = self.label.resolve(context)
        return format_html(
            '<div class="table-scroll" tabindex="0" role="region" aria-label="{label}">'
            '<table class="{css_class}"><caption class="visually-hidden">{label}</caption>{body}</table></div>',
            label=label,
            css_class=options.get("class", "paper-table"),
            body=self.nodelist.render(context),
        )


@register.tag
def scroll_table(parser, token):
    """A table in a labelled, keyboard-scrollable region; the label is also the table's caption."""
    bits = token.split_contents()
    options = token_kwargs(bits[2:], parser) if len(bits) > 2 else {}
    # `rows` and `empty` go together: a list without rows always says so.
    if (
        len(bits) < 2
        or len(options) != len(bits) - 2
        or not set(options) <= OPTIONS
        or ("rows" in options) != ("empty" in options)
    ):
        raise template.TemplateSyntaxError('Usage: {% scroll_table LABEL [class="…"] [rows=LIST empty="…"] %}')
    label = parser.compile_filter(bits[1])
    nodelist = parser.parse(("end_scroll_table",))
    parser.delete_first_token()
    return ScrollTableNode(label, options, nodelist)


@register.simple_tag
def column_heads(*headings):
    """The table's head row: one column header per heading; a list of headings gives one each."""
    flat = [item for heading in headings for item in (heading if isinstance(heading, list | tuple) else [heading])]
    cells = format_html_join("", '<th scope="col">{}</th>', ((heading,) for heading in flat))
    return format_html("<thead><tr>{}</tr></thead>", cells)
