"""A text in every survey language, stored as one JSON object {"de": …, "en": …, "ar": …}.

One field per text keeps a question and all its translations in one row: the admin saves them together
(all or nothing) and the survey page reads them without extra queries. The admin shows one input per
language, labelled with the language's own name and with its `lang` and `dir` set.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from integration_portal import limits

from .languages import BASE_LANGUAGE, SURVEY_LANGUAGES


class TranslatedTextWidget(forms.MultiWidget):
    template_name = "participation/widgets/translated_text.html"

    def __init__(self, multiline=False, attrs=None, limit=None):
        widgets = {}
        for language in SURVEY_LANGUAGES:
            language_attrs = {"lang": language.html_lang, "dir": language.direction}
            if limit:
                language_attrs["maxlength"] = str(limit)
            if multiline:
                widgets[language.code] = forms.Textarea(attrs={"rows": 3, "cols": 70, **language_attrs})
            else:
                widgets[language.code] = forms.TextInput(attrs={"size": 70, **language_attrs})
        super().__init__(widgets, attrs)

    def decompress(self, value):
        value = value or {}
        return [value.get(language.code, "") for language in SURVEY_LANGUAGES]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, language in zip(context["widget"]["subwidgets"], SURVEY_LANGUAGES, strict=True):
            subwidget["language"] = language
        return context


# Characters per language: a title, a label or an option on one line, or a text of several lines.
LINE_LIMIT = 500
MULTILINE_LIMIT = limits.SHORT_TEXT


class TranslatedTextFormField(forms.MultiValueField):
    def __init__(self, *, multiline=False, required=True, **kwargs):
        limit = MULTILINE_LIMIT if multiline else LINE_LIMIT
        fields = [forms.CharField(required=False, strip=True, max_length=limit) for _language in SURVEY_LANGUAGES]
        super().__init__(
            fields=fields,
            require_all_fields=False,
            required=required,
            widget=TranslatedTextWidget(multiline=multiline, limit=limit),
            **kwargs,
        )

    def compress(self, data_list):
        if not data_list:
            return {}
        return {language.code: text for language, text in zip(SURVEY_LANGUAGES, data_list, strict=True) if text}

    def clean(self, value):
        texts = super().clean(value)
        if texts and not texts.get(BASE_LANGUAGE):
            raise ValidationError(
                _("Enter the German text: it is the base of every translation."), code="german_missing"
            )
        return texts


class TranslatedTextField(models.JSONField):
    """{"de": "…", "en": "…", …}: German required unless blank=True, other languages optional."""

    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.multiline:
            kwargs["multiline"] = True
        return name, path, args, kwargs

    def value_label(self, texts):
        """The German text, then each translation with its language code: in the history and in edit
        conflicts a change of any one language shows."""
        others = [
            f"{language.code}: {texts[language.code]}"
            for language in SURVEY_LANGUAGES
            if language.code != BASE_LANGUAGE and texts.get(language.code)
        ]
        return " · ".join([texts.get(BASE_LANGUAGE) or "–", *others])

    def formfield(self, **kwargs):
        return TranslatedTextFormField(
            multiline=self.multiline,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


def missing_languages(texts):
    """Codes of the languages a non-empty translated text still lacks."""
    if not texts:
        return []
    return [language.code for language in SURVEY_LANGUAGES if not texts.get(language.code)]
