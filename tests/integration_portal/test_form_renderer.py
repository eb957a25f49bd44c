"""Django's form and widget templates are rendered by Jinja2; what a user sees of a form stays the same."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as JinjaTemplate

from participation.translated import TranslatedTextWidget
from steering.filters import CompactSelect


class EveryKindOfField(forms.Form):
    name = forms.CharField(label="Bezeichnung", max_length=20, help_text="Wie im Aktionsplan")
    text = forms.CharField(label="Text", widget=forms.Textarea)
    count = forms.IntegerField(label="Anzahl", min_value=0)
    start = forms.DateField(label="Beginn", widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label="Status", choices=[("planned", "geplant"), ("done", "umgesetzt")])
    themes = forms.MultipleChoiceField(
        label="Querschnittsthemen", choices=[("1", "Gender"), ("2", "Inklusion")], widget=forms.CheckboxSelectMultiple
    )
    public = forms.BooleanField(label="öffentlich", required=False)
    actor = forms.ChoiceField(label="Akteur", choices=[("", "alle"), ("1", "KIT")], widget=CompactSelect)
    title = forms.CharField(label="Titel", widget=TranslatedTextWidget())
    key = forms.CharField(widget=forms.HiddenInput)
    # A hidden input with a value to escape and attributes that are flags (rendered by the renderer itself).
    version = forms.CharField(
        initial='3 "<&>"', widget=forms.HiddenInput(attrs={"data-kept": True, "data-off": False, "class": "v"})
    )

    def clean(self):
        raise forms.ValidationError("Bitte die markierten Felder prüfen.")


def squeezed(html):
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


@pytest.mark.parametrize(
    "data",
    [None, {"name": "x" * 21, "count": "-1", "start": "kein Datum", "status": "weg", "themes": ["9"]}],
    ids=["empty", "with errors"],
)
def test_a_form_reads_as_with_djangos_own_templates_with_and_without_errors(data):
    ours = EveryKindOfField(data)
    djangos = EveryKindOfField(data, renderer=DjangoTemplates())
    assert squeezed(str(ours)) == squeezed(str(djangos))
    if data:
        shown = str(ours)
        assert "Bitte die markierten Felder prüfen." in shown and 'aria-invalid="true"' in shown
        assert "höchstens 20 Zeichen" in shown


def test_a_formset_reads_as_with_djangos_own_templates_and_an_empty_error_list_shows_nothing():
    ours = forms.formset_factory(EveryKindOfField, extra=2)()
    djangos = forms.formset_factory(EveryKindOfField, extra=2, renderer=DjangoTemplates())()
    assert squeezed(str(ours)) == squeezed(str(djangos))
    assert 'type="hidden" name="form-TOTAL_FORMS" value="2"' in str(ours.management_form)
    assert 'value="3 &quot;&lt;&amp;&gt;&quot;" data-kept class="v"' in str(ours)
    assert str(forms.utils.ErrorList()) == "" and str(forms.utils.ErrorList(["Pflichtfeld."])) != ""


def test_djangos_widgets_are_rendered_by_jinja2_the_admins_and_the_portals_own_by_django_templates():
    renderer = get_default_renderer()
    for name in ("django/forms/widgets/input.html", "django/forms/errors/list/ul.html", "django/forms/label.html"):
        assert isinstance(renderer.get_template(name), JinjaTemplate), name
    for name in (
        "admin/widgets/related_widget_wrapper.html",
        CompactSelect.template_name,
        TranslatedTextWidget.template_name,
    ):
        assert isinstance(renderer.get_template(name), DjangoTemplate), name
