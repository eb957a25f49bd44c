"""The integration concept and its action plan: fields of action, challenges, measures, indicators, responsibilities."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from integration_portal import limits
from integration_portal.limits import LimitedTextField
from integration_portal.models import (
    DistrictOwnedModel,
    DistrictQuerySet,
    NamedByText,
    history_records,
    period_ordered,
    user_link,
)

from . import freezing


def split_lines(text):
    """The non-empty lines of a one-item-per-line text field."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def version_key():
    """The key of a row of a plan: copied into each revision, so that the synopsis pairs a row with its old self."""
    return models.UUIDField(
        _("key"),
        default=uuid.uuid4,
        editable=False,
        db_index=True,
        help_text=_("The same in every version of the plan, so that a revision can be compared with its predecessor."),
    )


def sub_points_field():
    return LimitedTextField(
        _("sub-points"),
        max_length=limits.SHORT_TEXT,
        blank=True,
        help_text=_("Optional details, one per line; shown as a bullet list."),
    )


class WithSubPoints:
    """A challenge or measure whose `sub_points` are printed as a bullet list under its text."""

    @property
    def sub_point_list(self):
        return split_lines(self.sub_points)


class Actor(DistrictOwnedModel):
    """An office, organisation, network or board that contributes to or is responsible for measures."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("office of the administration")
        ORGANISATION = "organisation", _("organisation")
        NETWORK = "network", _("network")
        BOARD = "board", _("board or committee")
        OTHER = "other", _("other")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Full name, e.g. “Bundesamt für Migration und Flüchtlinge”.")
    )
    short_name = models.CharField(
        _("short name"),
        max_length=50,
        blank=True,
        help_text=_("Abbreviation, e.g. “BAMF”. Shown in tables where space is short."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION)

    history = history_records()

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="actor_unique_name_per_district"),
        ]

    def __str__(self):
        if self.short_name and self.short_name not in self.name:
            return f"{self.name} ({self.short_name})"
        return self.name

    @property
    def label(self):
        """The name used in plan tables: the short name where there is one."""
        return self.short_name or self.name


class IntegrationConcept(DistrictOwnedModel):
    """The strategic document of a district. A revision (Fortschreibung) points to its predecessor."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ADOPTED = "adopted", _("adopted")
        SUPERSEDED = "superseded", _("superseded")

    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("Year the concept or its revision was adopted or drafted.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("predecessor"),
        help_text=_("The version this revision updates. The older version stays readable."),
    )
    summary = LimitedTextField(_("summary"), max_length=limits.TEXT, blank=True)

    history = history_records()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("integration concept")
        verbose_name_plural = _("integration concepts")

    def __str__(self):
        return f"{self.title} ({self.year})"

    def clean(self):
        super().clean()
        if self.predecessor_id and self.predecessor_id == self.pk:
            raise ValidationError(
                {"predecessor": _("A concept cannot be its own predecessor.")}, code="self_predecessor"
            )
        if self.predecessor and self.predecessor.year > self.year:
            raise ValidationError(
                {"predecessor": _("The predecessor (%(year)s) must not be newer than this revision.")},
                code="predecessor_newer",
                params={"year": self.predecessor.year},
            )


class Goal(DistrictOwnedModel):
    """An overall or impact goal (Oberziel, Wirkungsziel) of a concept that measures serve."""

    class Kind(models.TextChoices):
        OVERALL = "overall", _("overall goal")
        IMPACT = "impact", _("impact goal")

    concept = models.ForeignKey(
        IntegrationConcept, on_delete=models.CASCADE, related_name="goals", verbose_name=_("integration concept")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OVERALL)
    title = models.CharField(_("title"), max_length=300)
    description = LimitedTextField(_("description"), max_length=limits.TEXT, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title


class CrossCuttingTheme(DistrictOwnedModel):
    """A theme across all fields of action, e.g. Beteiligung, Ehrenamt, Antidiskriminierung."""

    name = models.CharField(_("name"), max_length=200)
    description = LimitedTextField(_("description"), max_length=limits.TEXT, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("cross-cutting theme")
        verbose_name_plural = _("cross-cutting themes")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="theme_unique_name_per_district"),
        ]

    def __str__(self):
        return self.name


class TargetGroup(DistrictOwnedModel):
    """Who a measure is for, e.g. “Schulpflichtige Schüler und Auszubildende”."""

    name = models.CharField(_("name"), max_length=300)

    history = history_records()

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="target_group_unique_name_per_district"),
        ]

    def __str__(self):
        return self.name


class PlanContent:
    """A plan or a part of it: frozen once the plan is adopted (`freezing`), checked in every form's clean()."""

    def clean(self):
        super().clean()
        freezing.ensure_editable(self)


class OnMeasurePage:
    """A part of a measure (an indicator, a responsibility, a report), shown at its measure's place in the plan."""

    def get_absolute_url(self):
        return self.measure.get_absolute_url()


class ActionPlanQuerySet(DistrictQuerySet):
    def visible_to(self, user):
        """Everyone reads adopted plans and the versions they replaced; users of the district also read its drafts."""
        adopted = Q(status__in=ActionPlan.PUBLIC_STATUSES)
        if not user.is_authenticated:
            return self.filter(adopted)
        return self.filter(adopted | Q(district_id=user.district_id))


class ActionPlan(PlanContent, DistrictOwnedModel):
    """The operational annex of a concept: measures grouped by field of action."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CONSULTATION = "consultation", _("in consultation")
        ADOPTED = "adopted", _("adopted")
        # “ersetzt”: replaced by its adopted revision (a concept's word is “abgelöst”).
        SUPERSEDED = "superseded", pgettext_lazy("action plan status", "superseded")

    # Adopted plans and the adopted versions their revisions replaced: public, and frozen.
    PUBLIC_STATUSES = (Status.ADOPTED, Status.SUPERSEDED)

    concept = models.ForeignKey(
        IntegrationConcept,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("integration concept"),
        help_text=_("The concept this plan puts into practice."),
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("As printed on the plan, without “Aktionsplan”."))
    introduction = LimitedTextField(
        _("introduction"),
        max_length=limits.LONG_TEXT,
        blank=True,
        help_text=_("Shown above the tables. Separate paragraphs with a blank line."),
    )
    acknowledgement = LimitedTextField(
        _("closing words"),
        max_length=limits.LONG_TEXT,
        blank=True,
        help_text=_("Shown after the list of contributors, e.g. thanks to everybody involved."),
    )
    period_start = models.PositiveSmallIntegerField(
        _("from year"), null=True, blank=True, help_text=_("First year the plan covers.")
    )
    period_end = models.PositiveSmallIntegerField(
        _("until year"), null=True, blank=True, help_text=_("Last year the plan covers; empty while open-ended.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Only adopted plans are public. Drafts are shown to the district's users, marked “ENTWURF”."),
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("predecessor"),
        help_text=_("The adopted version this revision (Fortschreibung) updates."),
    )
    version = models.PositiveSmallIntegerField(
        _("version"), default=1, help_text=_("1 for the first version; a revision counts on from its predecessor.")
    )
    contributors = models.ManyToManyField(
        Actor,
        through="Contribution",
        related_name="contributed_plans",
        verbose_name=_("contributors"),
        blank=True,
    )

    objects = ActionPlanQuerySet.as_manager()

    history = history_records()

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            period_ordered(
                start="period_start",
                end="period_end",
                name="action_plan_period_ordered",
                message=_("The period must not end before it starts."),
            ),
            # A version is revised once: a second draft beside the first would split the plan's line.
            models.UniqueConstraint(fields=["predecessor"], name="action_plan_one_revision_per_version"),
        ]

    def __str__(self):
        # Versions share their title: the admin's lists and filters tell them apart by the number.
        if self.version > 1:
            return _("%(title)s, version %(version)s") % {"title": self.title, "version": self.version}
        return self.title

    def get_absolute_url(self):
        return reverse("actionplan:plan_detail", kwargs={"slug": self.district.slug, "pk": self.pk})

    @property
    def is_draft(self):
        return self.status not in self.PUBLIC_STATUSES

    @property
    def is_frozen(self):
        """An adopted version keeps its content; changes go into a revision (Fortschreibung)."""
        return self.status in self.PUBLIC_STATUSES

    @property
    def period(self):
        if self.period_start and self.period_end and self.period_end != self.period_start:
            return f"{self.period_start}–{self.period_end}"
        return str(self.period_start or self.period_end or "")


class Contribution(PlanContent, DistrictOwnedModel):
    """An actor listed under “An diesem Aktionsplan haben mitgewirkt”, in the plan's order."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("action plan")
    )
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("actor"))
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        constraints = [
            models.UniqueConstraint(fields=["plan", "actor"], name="contribution_unique_actor_per_plan"),
        ]

    def __str__(self):
        return str(self.actor)


class PlanPartQuerySet(DistrictQuerySet):
    """Rows of a plan's tree. Bulk writes send no signals, so these drop the cached tables of the plans they
    write (actionplan.plan_tables) themselves; `update` (and so `bulk_update`) before and after the write, so
    that rows moved to another plan count for both."""

    def update(self, **kwargs):
        from .signals import drop_tables_of_rows

        pks = list(self.values_list("pk", flat=True))
        drop_tables_of_rows(self.model, pks)
        updated = super().update(**kwargs)
        drop_tables_of_rows(self.model, pks)
        return updated

    def bulk_create(self, objs, *args, **kwargs):
        from .signals import drop_tables_of_new_rows

        objs = list(objs)
        drop_tables_of_new_rows(self.model, objs)
        return super().bulk_create(objs, *args, **kwargs)


FIELD_NAME_SEPARATOR = " – "


def field_full_name(*names: str) -> str:
    """A field's name after its parent's: “Kinder und Jugendliche – Frühkindliche Bildung”."""
    return FIELD_NAME_SEPARATOR.join(names)


class FieldOfAction(PlanContent, DistrictOwnedModel):
    """A Handlungsfeld of a plan. May sit under one parent field (one level only)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="fields", verbose_name=_("action plan"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        verbose_name=_("parent field"),
        help_text=_("For a sub-field such as “Frühkindliche Bildung” under “Kinder und Jugendliche”."),
    )
    key = version_key()
    name = models.CharField(_("name"), max_length=200)
    description = LimitedTextField(_("description"), max_length=limits.TEXT, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()
    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        constraints = [
            models.UniqueConstraint(fields=["plan", "parent", "name"], name="field_unique_name_per_parent"),
            # NULL parents never collide in the constraint above, so top-level names get their own.
            models.UniqueConstraint(
                fields=["plan", "name"], condition=Q(parent__isnull=True), name="field_unique_top_level_name"
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return f"{self.plan.get_absolute_url()}#field-{self.pk}"

    @property
    def full_name(self):
        """“Kinder und Jugendliche – Frühkindliche Bildung” for a sub-field, the name otherwise."""
        if self.parent_id:
            return field_full_name(self.parent.name, self.name)
        return self.name

    def clean(self):
        super().clean()
        if self.pk and self.plan_id and self.children.exclude(plan_id=self.plan_id).exists():
            raise ValidationError(
                {"plan": _("This field has sub-fields; they must stay in the same action plan.")}, code="children_plan"
            )
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("A field of action cannot be its own parent.")}, code="self_parent")
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Fields of action can be nested one level only.")}, code="too_deep")
        # Also for a plan that is being created and has no id yet: its parent must be created with it.
        if self.parent.plan_id != self.plan_id:
            raise ValidationError(
                {"parent": _("The parent field must belong to the same action plan.")}, code="other_plan"
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("This field has sub-fields itself and cannot become a sub-field.")}, code="has_children"
            )


class Challenge(NamedByText, WithSubPoints, PlanContent, DistrictOwnedModel):
    """An identified problem (Problem/Herausforderung) of a field. It can carry several measures."""

    field = models.ForeignKey(
        FieldOfAction, on_delete=models.CASCADE, related_name="challenges", verbose_name=_("field of action")
    )
    key = version_key()
    text = LimitedTextField(_("problem / challenge"), max_length=limits.SHORT_TEXT)
    sub_points = sub_points_field()
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()
    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def get_absolute_url(self):
        return f"{self.field.plan.get_absolute_url()}#challenge-{self.pk}"


# A top-level field's measures come before those of its sub-fields, which follow in their order.
MEASURE_PLAN_ORDER = (
    Coalesce("challenge__field__parent__order", "challenge__field__order").asc(),
    Coalesce("challenge__field__parent_id", "challenge__field_id").asc(),
    F("challenge__field__parent_id").asc(nulls_first=True),
    "challenge__field__order",
    "challenge__field_id",
    "challenge__order",
    "challenge_id",
    "order",
    "pk",
)


class MeasureQuerySet(PlanPartQuerySet):
    """The one way to ask for measures: by plan, in plan order, by field and by responsibility."""

    def in_plan(self, plan: "ActionPlan") -> "MeasureQuerySet":
        return self.filter(challenge__field__plan=plan)

    def in_plan_order(self) -> "MeasureQuerySet":
        """Reading order of the plan: each top-level field, then its sub-fields, then challenges and measures.

        Written out in SQL that sorts alike on SQLite and PostgreSQL (NULLs placed explicitly).
        """
        return self.order_by(*MEASURE_PLAN_ORDER)

    def in_field(self, field_of_action: "FieldOfAction | int") -> "MeasureQuerySet":
        """The measures of a field of action and of its sub-fields."""
        return self.filter(Q(challenge__field=field_of_action) | Q(challenge__field__parent=field_of_action))

    def with_responsibility(self, actor: "Actor | int | None" = None, role: str | None = None) -> "MeasureQuerySet":
        """Measures with a responsibility of this actor in this role: both must hold for the same one."""
        if not actor and not role:
            return self
        responsibilities = Responsibility.objects.filter(measure=OuterRef("pk"))
        if actor:
            responsibilities = responsibilities.filter(actor=actor)
        if role:
            responsibilities = responsibilities.filter(role=role)
        return self.filter(Exists(responsibilities))


class Measure(NamedByText, WithSubPoints, PlanContent, DistrictOwnedModel):
    """What is done about a challenge (Maßnahme)."""

    class Status(models.TextChoices):
        EXISTING = "existing", _("existing")
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        PAUSED = "paused", _("paused")

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="measures", verbose_name=_("challenge")
    )
    key = version_key()
    text = LimitedTextField(_("measure"), max_length=limits.SHORT_TEXT)
    sub_points = sub_points_field()
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        help_text=_("How far the measure has come."),
    )
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("target group"),
    )
    start = models.DateField(_("start"), null=True, blank=True, help_text=_("When the measure starts or started."))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty for an ongoing measure."))
    cross_cutting_themes = models.ManyToManyField(
        CrossCuttingTheme, blank=True, related_name="measures", verbose_name=_("cross-cutting themes")
    )
    goals = models.ManyToManyField(Goal, blank=True, related_name="measures", verbose_name=_("goals"))

    # Themes and goals are kept with each version too, so the history shows when they changed.
    history = history_records(m2m_fields=[cross_cutting_themes, goals])

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            period_ordered(
                start="start",
                end="end",
                name="measure_period_ordered",
                message=_("A measure cannot end before it starts."),
            ),
        ]

    def get_absolute_url(self):
        return f"{self.challenge.field.plan.get_absolute_url()}#measure-{self.pk}"

    def indicator_groups(self):
        """Consecutive indicators with the same sub-heading, as (heading, indicators) pairs.

        Works on prefetched indicators, so a page of many measures costs no extra queries.
        """
        groups = []
        for indicator in self.indicators.all():
            if not groups or groups[-1][0] != indicator.group_heading:
                groups.append((indicator.group_heading, []))
            groups[-1][1].append(indicator)
        return groups

    def responsibilities_by_role(self):
        """(role, role label, responsibilities) in the order of `Responsibility.Role`, empty roles left out."""
        by_role = {role: [] for role in Responsibility.Role}
        for responsibility in self.responsibilities.all():
            by_role[responsibility.role].append(responsibility)
        return [(role.value, role.label, items) for role, items in by_role.items() if items]


class Indicator(NamedByText, OnMeasurePage, PlanContent, DistrictOwnedModel):
    """How implementation is checked: a sentence, optionally with figures, optionally under a sub-heading."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        ACHIEVED = "achieved", _("achieved")
        NOT_ACHIEVED = "not_achieved", _("not achieved")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("measure"))
    group_heading = models.CharField(
        _("group heading"),
        max_length=300,
        blank=True,
        help_text=_("Sub-heading the indicator is listed under, e.g. “Förderung vor der Ausbildung:”."),
    )
    key = version_key()
    text = LimitedTextField(_("indicator"), max_length=limits.SHORT_TEXT)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    unit = models.CharField(
        _("unit"), max_length=50, blank=True, help_text=_("For measurable indicators, e.g. “Treffen pro Jahr”.")
    )
    baseline = models.DecimalField(
        _("baseline"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Value when the plan started."),
    )
    target = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True, help_text=_("Value to reach.")
    )
    actual = models.DecimalField(
        _("actual value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Value at the last check."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.OPEN,
        help_text=_("Result of the last check."),
    )

    history = history_records()
    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    @property
    def figures(self):
        """(label, value) of the figures that are set, in reading order."""
        labelled = [(_("baseline"), self.baseline), (_("target"), self.target), (_("actual"), self.actual)]
        return [(label, value) for label, value in labelled if value is not None]

    @property
    def has_figures(self):
        return any(value is not None for value in (self.baseline, self.target, self.actual))

    def clean(self):
        super().clean()
        if self.has_figures and not self.unit:
            raise ValidationError({"unit": _("Give a unit when the indicator has figures.")}, code="unit_required")


class Responsibility(OnMeasurePage, PlanContent, DistrictOwnedModel):
    """An actor with a role on a measure. “Verantwortlich: X, Begleitend: KIT” are two responsibilities."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        SUPPORTING = "supporting", _("supporting")
        ADVISING = "advising", _("advising")
        FUNDING = "funding", _("funding")
        INVOLVED = "involved", _("involved")

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("measure")
    )
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="responsibilities", verbose_name=_("actor"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEAD)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What exactly the actor does, e.g. “bei Fragen der Mehrsprachigkeit”."),
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    history = history_records()
    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.UniqueConstraint(fields=["measure", "actor", "role"], name="responsibility_unique_actor_role"),
        ]

    def __str__(self):
        return f"{self.actor.label} ({self.get_role_display()})"


class ProgressReport(OnMeasurePage, DistrictOwnedModel):
    """A dated statement on how far a measure has come (Sachstandsbericht)."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("measure")
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Measure.Status.choices)
    text = LimitedTextField(_("report"), max_length=limits.TEXT)
    author = user_link(_("author"), related_name="progress_reports")

    history = history_records()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        get_latest_by = "date"

    def __str__(self):
        return f"{self.measure} – {self.date:%d.%m.%Y}"


class AppliedImport(models.Model):
    """An import file written into a plan, recorded in the transaction of the write.

    A job that runs again after a crash, or a confirmation sent twice, finds its upload here and writes
    nothing a second time. No history: the import's own changes are in the history of what it wrote.
    """

    token = models.CharField(
        _("upload token"), max_length=64, unique=True, help_text=_("The random name of the uploaded file.")
    )
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="applied_imports", verbose_name=_("action plan")
    )
    filename = models.CharField(_("file name"), max_length=255)
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64)
    created_count = models.PositiveIntegerField(_("new measures"), default=0)
    changed_count = models.PositiveIntegerField(_("changed measures"), default=0)
    user = user_link(_("imported by"))
    applied = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-applied"]
        verbose_name = _("applied import")
        verbose_name_plural = _("applied imports")

    def __str__(self):
        return f"{self.filename} ({self.applied:%d.%m.%Y %H:%M})"
