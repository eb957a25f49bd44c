"""How forms and widgets are rendered: Django's own form templates through Jinja2, the rest as usual."""

from django.forms.renderers import DjangoTemplates, Jinja2


class PortalFormRenderer(DjangoTemplates):
    """Django ships its form templates (fields, widgets, labels, error lists) in both languages; a widget is a
    small template rendered dozens of times per form, which Jinja2 renders several times faster. Templates of the
    admin's widgets and the portal's own stay in Django's template language."""

    django_forms = Jinja2()

    def get_template(self, template_name):
        if template_name.startswith("django/forms/"):
            return self.django_forms.get_template(template_name)
        return super().get_template(template_name)
