"""How forms and widgets are rendered: Django's own form templates through Jinja2, the rest as usual."""

from django.forms.renderers import DjangoTemplates, Jinja2
from django.utils.html import format_html, format_html_join

HIDDEN_INPUT = "django/forms/widgets/hidden.html"
ERROR_TEMPLATES = "django/forms/errors/"


class PortalFormRenderer(DjangoTemplates):
    """Django ships its form templates (fields, widgets, labels, error lists) in both languages; a widget is a
    small template rendered dozens of times per form, which Jinja2 renders several times faster. Templates of the
    admin's widgets and the portal's own stay in Django's template language.

    The two most frequent of them are written out here, with the templates' markup: a hidden input (an admin
    page has dozens: ids, versions, formset counts; its template includes two more) and an empty error list
    (every field has one, and Django's templates show nothing for it)."""

    django_forms = Jinja2()

    def get_template(self, template_name):
        if template_name.startswith("django/forms/"):
            return self.django_forms.get_template(template_name)
        return super().get_template(template_name)

    def render(self, template_name, context, request=None):
        if template_name.startswith(ERROR_TEMPLATES) and not context.get("errors"):
            return ""
        if template_name == HIDDEN_INPUT:
            return hidden_input(context["widget"])
        return super().render(template_name, context, request=request)


def hidden_input(widget) -> str:
    """django/forms/widgets/hidden.html: the input, its value unless None, then its attributes (True: the name
    alone, False: left out)."""
    value = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
    attrs = format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if attr is True else format_html(' {}="{}"', name, attr),)
            for name, attr in widget["attrs"].items()
            if attr is not False
        ),
    )
    return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value, attrs)
