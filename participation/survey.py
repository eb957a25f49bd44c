"""The public survey: its form in the respondent's language, abuse protection, and the atomic submission.

Respondent-facing strings live only here and in templates/participation/survey/, so that the catalogues of
the survey languages hold nothing but what respondents read (see the Makefile target `messages`).
"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from integration_portal.proxies import client_address

from .languages import in_language
from .models import SurveyAnswer, SurveyQuestion, SurveyResponse

OTHER = "other"
HONEYPOT = "website"
TEXT_MAX_LENGTH = 4000


def question_field_name(question):
    return f"q{question.pk}"


def other_field_name(question):
    return f"q{question.pk}_other"


class SurveyForm(forms.Form):
    """One field per question (plus a text box for “other”), labelled in the respondent's language."""

    def __init__(self, *args, survey, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.language = language
        self.fields[HONEYPOT] = forms.CharField(required=False)
        self.questions = []
        for section in survey.sections.all():
            for question in section.questions.all():
                self.questions.append(question)
                self._add_question(question)

    def _add_question(self, question):
        required_message = _("Please answer this question.")
        choices_message = _("Please choose one of the answers offered.")
        common = {
            "required": question.required,
            "label": in_language(question.text, self.language),
            "error_messages": {"required": required_message, "invalid_choice": choices_message},
        }
        Kind = SurveyQuestion.Kind
        if question.kind == Kind.TEXT:
            field = forms.CharField(
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                **{
                    **common,
                    "error_messages": {
                        "required": required_message,
                        "max_length": _("Please shorten your answer to %(limit_value)d characters."),
                    },
                },
            )
        elif question.kind == Kind.SCALE:
            # A bare "1" … "5" means nothing when heard: each option is described by what the ends mean.
            legend = in_language(question.scale_min_label, self.language) or in_language(
                question.scale_max_label, self.language
            )
            field = forms.TypedChoiceField(
                coerce=int,
                choices=[(value, str(value)) for value in question.scale_values],
                widget=forms.RadioSelect(attrs={"aria-describedby": f"scale-{question.pk}"} if legend else {}),
                **common,
            )
        else:
            choices = [(str(option.pk), in_language(option.text, self.language)) for option in question.options.all()]
            if question.allow_other:
                choices.append((OTHER, _("Other")))
            if question.kind == Kind.SINGLE:
                field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
            else:
                field = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
            if question.allow_other:
                self.fields[other_field_name(question)] = forms.CharField(
                    required=False, max_length=500, label=_("Other, namely:")
                )
        self.fields[question_field_name(question)] = field

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            if not question.allow_other:
                continue
            chosen = cleaned.get(question_field_name(question))
            chose_other = chosen == OTHER or (isinstance(chosen, list) and OTHER in chosen)
            if chose_other and not cleaned.get(other_field_name(question), "").strip():
                self.add_error(other_field_name(question), _("Please describe your “other” answer."))
        return cleaned

    @property
    def is_bot(self):
        """People never see the honeypot field; programs that fill in every field do."""
        return bool(self.data.get(HONEYPOT))

    def question_rows(self):
        """(section, [(question, bound field, bound “other” field or None)]) for the template."""
        rows = []
        for section in self.survey.sections.all():
            items = []
            for question in section.questions.all():
                other = self[other_field_name(question)] if question.allow_other else None
                items.append((question, self[question_field_name(question)], other))
            rows.append((section, items))
        return rows

    def invalid_questions(self):
        """The (question, field, other) rows with an error, in the order the page shows them."""
        return [
            (question, field, other)
            for _section, items in self.question_rows()
            for question, field, other in items
            if field.errors or (other is not None and other.errors)
        ]


def answers_from(form):
    """Unsaved answer rows for the cleaned form: one per chosen option, scale value, text or “other”."""
    options = {str(option.pk): option for question in form.questions for option in question.options.all()}
    answers = []
    for question in form.questions:
        value = form.cleaned_data.get(question_field_name(question))
        if value in (None, "", []):
            continue
        if question.kind == SurveyQuestion.Kind.TEXT:
            answers.append(SurveyAnswer(question=question, text=value.strip()))
        elif question.kind == SurveyQuestion.Kind.SCALE:
            answers.append(SurveyAnswer(question=question, scale_value=value))
        else:
            for choice in value if isinstance(value, list) else [value]:
                if choice == OTHER:
                    other = form.cleaned_data.get(other_field_name(question), "").strip()
                    answers.append(SurveyAnswer(question=question, text=other))
                else:
                    answers.append(SurveyAnswer(question=question, option=options[choice]))
    return answers


def submit_response(*, form):
    """Store the response and all its answers in one transaction: all of them or none.

    Only the survey, the language and the day are kept: no user, address, browser or time of day.
    """
    with transaction.atomic():
        response = SurveyResponse.objects.create(
            survey=form.survey, language=form.language, submitted_on=timezone.localdate()
        )
        answers = answers_from(form)
        for answer in answers:
            answer.response = response
        SurveyAnswer.objects.bulk_create(answers)
    return response


def client_key(request):
    """A salted hash of the client's address: the address itself is never stored, not even in the cache."""
    address = client_address(request) or ""
    return "survey-rate:" + salted_hmac("participation.survey.rate-limit", address).hexdigest()


def rate_limited(request):
    """Count a submission of this client; True once it has sent more than the limit within the window."""
    limit = settings.SURVEY_RATE_LIMIT
    if not limit:
        return False
    key = client_key(request)
    # add() starts the window; incr() keeps its expiry, so the hash is gone when the window ends.
    cache.add(key, 0, timeout=settings.SURVEY_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=settings.SURVEY_RATE_WINDOW)
        count = 1
    return count > limit
