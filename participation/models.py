"""Participation: processes, their formats and findings traced to measures, and the anonymous public survey."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from actionplan.models import Actor, FieldOfAction, IntegrationConcept, Measure, split_lines
from integration_portal import limits
from integration_portal.limits import LimitedTextField
from integration_portal.models import DistrictOwnedModel, NamedByText, history_records, period_ordered
from integration_portal.uploads import FileContentValidator

from .languages import LANGUAGE_CHOICES, in_language
from .translated import TranslatedTextField, missing_languages


class ParticipationProcess(DistrictOwnedModel):
    """The sequence of formats that feeds one integration concept (Beteiligungsprozess)."""

    concept = models.OneToOneField(
        IntegrationConcept,
        on_delete=models.PROTECT,
        related_name="participation_process",
        verbose_name=_("integration concept"),
        help_text=_("The concept this process feeds. One process per concept."),
    )
    title = models.CharField(
        _("title"), max_length=300, help_text=_("E.g. “Ostholstein auf dem Weg zum Integrationskonzept”.")
    )
    introduction = LimitedTextField(
        _("introduction"), max_length=limits.TEXT, blank=True, help_text=_("Shown at the top of the public page.")
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Show the page “Was bisher geschah” to everybody.")
    )

    history = history_records()

    class Meta:
        ordering = ["-concept__year", "title"]
        verbose_name = _("participation process")
        verbose_name_plural = _("participation processes")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:process_detail", kwargs={"slug": self.district.slug, "pk": self.pk})


class Format(DistrictOwnedModel):
    """One event or channel of a process: a conference, a panel, a workshop, the survey, …"""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("conference")
        EXPERT_PANEL = "expert_panel", _("expert panel")
        VOLUNTEER_EVENT = "volunteer_event", _("volunteer event")
        WORKING_GROUP = "working_group", _("working group or workshop")
        PUBLIC_SURVEY = "public_survey", _("public survey")
        OTHER = "other", _("other")

    class Round(models.TextChoices):
        FIRST = "I", _("round I")
        SECOND = "II", _("round II")

    class Audience(models.TextChoices):
        PROFESSIONALS = "professionals", _("professionals")
        VOLUNTEERS = "volunteers", _("volunteers")
        PUBLIC = "public", _("general public")

    process = models.ForeignKey(
        ParticipationProcess, on_delete=models.CASCADE, related_name="formats", verbose_name=_("participation process")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    topics = LimitedTextField(
        _("topics"),
        max_length=limits.TEXT,
        blank=True,
        help_text=_("For expert panels and working groups: the topic, or one topic per line for a round of panels."),
    )
    round = models.CharField(
        _("round"), max_length=2, choices=Round.choices, blank=True, help_text=_("For expert panels.")
    )
    start = models.DateField(_("date"), null=True, blank=True, help_text=_("The day, or the first day of a range."))
    end = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Last day of a date range; empty for one day.")
    )
    date_note = models.CharField(
        _("date note"),
        max_length=100,
        blank=True,
        help_text=_("For formats without a fixed date yet, e.g. “Herbst 2025”."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, blank=True)
    invited = models.PositiveIntegerField(_("invited"), null=True, blank=True, help_text=_("Number of people invited."))
    attending = models.PositiveIntegerField(
        _("attending"), null=True, blank=True, help_text=_("Number of people who took part.")
    )
    organiser = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_formats",
        verbose_name=_("organiser"),
    )
    description = LimitedTextField(_("description"), max_length=limits.TEXT, blank=True)
    documentation = LimitedTextField(
        _("documentation"),
        max_length=limits.LONG_TEXT,
        blank=True,
        help_text=_("Minutes or a summary of the results; files can be attached below."),
    )

    history = history_records()

    class Meta:
        ordering = [models.F("start").asc(nulls_last=True), "pk"]
        verbose_name = _("format")
        verbose_name_plural = _("formats")
        constraints = [
            period_ordered(
                start="start",
                end="end",
                name="format_period_ordered",
                message=_("A format cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.process.get_absolute_url()}#format-{self.pk}"

    @property
    def topic_list(self):
        return split_lines(self.topics)

    def clean(self):
        super().clean()
        if self.end and not self.start:
            raise ValidationError({"start": _("Give the first day of the date range.")}, code="start_missing")
        if self.round and self.kind != self.Kind.EXPERT_PANEL:
            raise ValidationError({"round": _("Only expert panels have rounds.")}, code="round_not_panel")


class FormatDocument(DistrictOwnedModel):
    """A file of a format's documentation: minutes, a presentation, a photo record."""

    format = models.ForeignKey(Format, on_delete=models.CASCADE, related_name="documents", verbose_name=_("format"))
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="participation/documents/%Y/",
        validators=[FileContentValidator()],
        help_text=_("PDF, Word, Excel, OpenDocument, PNG or JPEG, at most 20 MB."),
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Offer the file on the public page of the process.")
    )

    history = history_records()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:document_download", kwargs={"pk": self.pk})

    @property
    def download_name(self):
        suffix = self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else ""
        return f"{self.title}.{suffix}" if suffix else self.title


class Finding(NamedByText, DistrictOwnedModel):
    """A demand or result of a format (Forderung, Ergebnis), traced to the measures that answer it."""

    class Kind(models.TextChoices):
        DEMAND = "demand", _("demand")
        RESULT = "result", _("result")

    format = models.ForeignKey(Format, on_delete=models.CASCADE, related_name="findings", verbose_name=_("format"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DEMAND)
    text = LimitedTextField(
        _("finding"), max_length=limits.SHORT_TEXT, help_text=_("E.g. “mehr Lösungen aus einer Hand (One-Stop-Shop)”.")
    )
    group_heading = models.CharField(
        _("group heading"),
        max_length=300,
        blank=True,
        help_text=_("Heading the finding is listed under, e.g. “Bessere Orientierung im Hilfesystem …”."),
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, blank=True, related_name="findings", verbose_name=_("fields of action")
    )
    measures = models.ManyToManyField(
        Measure,
        blank=True,
        related_name="findings",
        verbose_name=_("measures"),
        help_text=_("The measures that answer this finding. Without any, the finding counts as open."),
    )
    note = LimitedTextField(
        _("note"),
        max_length=limits.TEXT,
        blank=True,
        help_text=_("Why the finding was or was not taken up. Needed while no measure answers it."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def get_absolute_url(self):
        return f"{self.format.get_absolute_url()}"


class Survey(DistrictOwnedModel):
    """The anonymous public survey of a process, built by KIT staff, in every survey language."""

    process = models.ForeignKey(
        ParticipationProcess, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("participation process")
    )
    format = models.OneToOneField(
        Format,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey",
        limit_choices_to={"kind": Format.Kind.PUBLIC_SURVEY},
        verbose_name=_("format"),
        help_text=_("The public survey format of the process; results turned into findings are recorded there."),
    )
    title = TranslatedTextField(_("title"))
    introduction = TranslatedTextField(_("introduction"), multiline=True, blank=True)
    thank_you = TranslatedTextField(_("thank-you text"), multiline=True, blank=True)
    opens_on = models.DateField(_("open from"), null=True, blank=True)
    closes_on = models.DateField(_("open until"), null=True, blank=True, help_text=_("Last day answers are accepted."))

    history = history_records()

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            period_ordered(
                start="opens_on",
                end="closes_on",
                name="survey_period_ordered",
                message=_("A survey cannot close before it opens."),
            ),
        ]

    def __str__(self):
        return in_language(self.title, "de")

    def get_absolute_url(self):
        return reverse("participation:survey", kwargs={"language": "de", "pk": self.pk})

    def is_open(self, day=None):
        day = day or timezone.localdate()
        return (self.opens_on is None or self.opens_on <= day) and (self.closes_on is None or day <= self.closes_on)

    def clean(self):
        super().clean()
        if self.format_id and self.format.process_id != self.process_id:
            raise ValidationError(
                {"format": _("The format must belong to the survey's process.")}, code="format_other_process"
            )


class SurveySection(DistrictOwnedModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("survey"))
    title = TranslatedTextField(_("title"))
    description = TranslatedTextField(_("description"), multiline=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("survey section")
        verbose_name_plural = _("survey sections")

    def __str__(self):
        return in_language(self.title, "de")

    def get_absolute_url(self):
        return self.survey.get_absolute_url()


class SurveyQuestion(DistrictOwnedModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        SCALE = "scale", _("scale")
        TEXT = "text", _("free text")

    section = models.ForeignKey(
        SurveySection, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = TranslatedTextField(_("question"), multiline=True)
    help = TranslatedTextField(_("hint"), blank=True, help_text=_("Optional explanation shown under the question."))
    required = models.BooleanField(_("required"), default=False)
    allow_other = models.BooleanField(
        _("offer “other”"), default=False, help_text=_("Choice questions: add an “other” answer with a text box.")
    )
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    scale_min_label = TranslatedTextField(_("label of the lowest value"), blank=True, help_text=_("E.g. “gar nicht”."))
    scale_max_label = TranslatedTextField(_("label of the highest value"), blank=True, help_text=_("E.g. “sehr”."))
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")) & Q(scale_max__lte=models.F("scale_min") + 10),
                name="question_scale_range",
                violation_error_message=_("The scale needs two to eleven points, lowest first."),
            ),
        ]

    def __str__(self):
        return Truncator(in_language(self.text, "de")).chars(80)

    def get_absolute_url(self):
        return self.section.survey.get_absolute_url()

    @property
    def is_choice(self):
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    @property
    def scale_values(self):
        return list(range(self.scale_min, self.scale_max + 1))

    def clean(self):
        super().clean()
        if self.allow_other and not self.is_choice:
            raise ValidationError({"allow_other": _("Only choice questions can offer “other”.")}, code="other")


class SurveyOption(DistrictOwnedModel):
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    text = TranslatedTextField(_("answer option"))
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self):
        return in_language(self.text, "de")


# Answers are anonymous: no user, no address, no browser, no time of day, and no change history
# (history rows would carry exact timestamps). The day of submission is all we keep.


class SurveyResponse(models.Model):
    """One anonymous submission. Its id is random and it keeps only the day: nothing in the database tells
    the order of submissions, which an access log of the web server could otherwise be matched against."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey"))
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self):
        return f"{self.survey_id}/{self.submitted_on:%Y-%m-%d}"


class SurveyAnswer(models.Model):
    """One answer: a chosen option (one row per option of a multiple choice), a scale value or a text.
    Random ids here too: sequential ones would give away the order of the responses they belong to."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("survey response")
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    option = models.ForeignKey(
        SurveyOption, on_delete=models.CASCADE, null=True, blank=True, related_name="answers", verbose_name=_("option")
    )
    scale_value = models.SmallIntegerField(_("scale value"), null=True, blank=True)
    text = LimitedTextField(
        _("text"), max_length=limits.TEXT, blank=True, help_text=_("Free text, or the text of an “other” answer.")
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self):
        return f"{self.question_id}/{self.pk}"


def survey_missing_translations(survey):
    """{language code: number of texts without a translation} over the survey's prefetched tree."""
    texts = [survey.title, survey.introduction, survey.thank_you]
    for section in survey.sections.all():
        texts += [section.title, section.description]
        for question in section.questions.all():
            texts += [question.text, question.help, question.scale_min_label, question.scale_max_label]
            texts += [option.text for option in question.options.all()]
    missing = {}
    for text in texts:
        for code in missing_languages(text):
            missing[code] = missing.get(code, 0) + 1
    return missing
