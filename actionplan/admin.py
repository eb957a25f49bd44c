"""The admin KIT staff edit plans in: plan → fields of action → challenges → measures."""

from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integration_portal.admin_base import PortalInline, PortalModelAdmin, PortalStackedInline
from integration_portal.history import history_entries, restore_reason, version_end
from integration_portal.resources import DistrictImportExportMixin

from . import services
from .admin_spreadsheets import PlanSpreadsheetAdminMixin
from .admin_versions import FrozenPlanAdminMixin, FrozenPlanInlineMixin, PlanRevisionAdminMixin
from .models import (
    MEASURE_PLAN_ORDER,
    ActionPlan,
    Actor,
    Challenge,
    Contribution,
    CrossCuttingTheme,
    FieldOfAction,
    Goal,
    Indicator,
    IntegrationConcept,
    Measure,
    ProgressReport,
    Responsibility,
    TargetGroup,
)
from .resources import ActorResource, TargetGroupResource

# Long texts edited in a form of their own: a wider box than in the inline tables.
WIDE_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})}}


def new_report_defaults(request):
    """A new progress report is written today by whoever adds it."""
    return {"date": timezone.localdate(), "author": request.user.pk}


class PlanInline(SortableInlineAdminMixin, FrozenPlanInlineMixin, PortalInline):
    """A sortable table of child rows: compact text boxes, no "view on site" link per row."""

    extra = 0
    view_on_site = False
    select_related = ()  # related objects every row shows, loaded with the rows
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})},
        # The admin's own 5em class: an inline style attribute would be blocked by the CSP.
        models.DecimalField: {"widget": forms.NumberInput(attrs={"class": "vIntegerField"})},
    }

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # select_related() without names would join every foreign key.
        return queryset.select_related(*self.select_related) if self.select_related else queryset


class FieldOfActionFilter(admin.SimpleListFilter):
    """A field of action, with its sub-fields: “Kinder und Jugendliche” finds the measures of all three."""

    title = _("field of action")
    parameter_name = "field"

    def lookups(self, request, model_admin):
        fields = list(
            FieldOfAction.objects.for_user(request.user).select_related("plan", "parent").order_by("plan", "order")
        )
        # Name the plan only where the district has several, to tell their fields apart.
        several_plans = len({field.plan_id for field in fields}) > 1
        return [
            (field.pk, f"{field.full_name} ({field.plan})" if several_plans else field.full_name) for field in fields
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.in_field(self.value())


class ReportFieldOfActionFilter(FieldOfActionFilter):
    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(measure__in=Measure.objects.in_field(self.value()))


class ResponsibleActorFilter(admin.SimpleListFilter):
    """The actor; together with the role filter both must hold for the same responsibility."""

    title = _("actor")
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        return [
            (actor.pk, str(actor))
            for actor in Actor.objects.for_user(request.user).filter(responsibilities__isnull=False).distinct()
        ]

    def queryset(self, request, queryset):
        return queryset.with_responsibility(self.value(), request.GET.get(ResponsibilityRoleFilter.parameter_name))


class ResponsibilityRoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Responsibility.Role.choices

    def queryset(self, request, queryset):
        return queryset  # applied by ResponsibleActorFilter, together with the actor


@admin.register(Actor)
class ActorAdmin(DistrictImportExportMixin, PortalModelAdmin):
    resource_classes = [ActorResource]
    list_display = ["name", "short_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


class GoalInline(PlanInline):
    model = Goal
    fields = ["order", "kind", "title", "description"]


@admin.register(IntegrationConcept)
class IntegrationConceptAdmin(SortableAdminBase, PortalModelAdmin):
    list_display = ["title", "year", "status", "predecessor"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["predecessor"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(PortalModelAdmin):
    list_display = ["title", "kind", "concept"]
    list_filter = ["kind", "concept"]
    search_fields = ["title", "description"]
    list_select_related = ["concept"]


@admin.register(CrossCuttingTheme)
class CrossCuttingThemeAdmin(PortalModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name", "description"]


@admin.register(TargetGroup)
class TargetGroupAdmin(DistrictImportExportMixin, PortalModelAdmin):
    resource_classes = [TargetGroupResource]
    list_display = ["name"]
    search_fields = ["name"]


class ContributionInline(PlanInline):
    model = Contribution
    fields = ["order", "actor"]
    select_related = ["actor"]
    autocomplete_fields = ["actor"]
    verbose_name = _("contributor")
    verbose_name_plural = _("Contributors to this action plan")


def limit_parents_to_plan(form, plan):
    """Offer as parent only top-level fields of the same plan (none while the plan is new)."""
    if "parent" not in form.base_fields:
        return  # read-only: the plan is adopted
    parent = form.base_fields["parent"]
    parent.queryset = parent.queryset.filter(plan=plan) if plan and plan.pk else parent.queryset.none()


class FieldOfActionInline(PlanInline):
    model = FieldOfAction
    fields = ["order", "name", "parent"]
    select_related = ["parent"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        limit_parents_to_plan(formset.form, obj)
        return formset


@admin.register(ActionPlan)
class ActionPlanAdmin(
    PlanRevisionAdminMixin, PlanSpreadsheetAdminMixin, FrozenPlanAdminMixin, SortableAdminBase, PortalModelAdmin
):
    list_display = ["title", "version", "period", "status", "concept"]
    list_filter = ["status"]
    search_fields = ["title", "introduction"]
    list_select_related = ["concept"]
    autocomplete_fields = ["concept"]
    fieldsets = [
        (None, {"fields": ["title", "status", ("period_start", "period_end"), "concept"]}),
        (_("Text"), {"fields": ["introduction", "acknowledgement"]}),
    ]
    inlines = [FieldOfActionInline, ContributionInline]

    @admin.display(description=_("period"))
    def period(self, obj):
        return obj.period

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        status = form.base_fields.get("status")
        if status is not None:
            # “ersetzt” follows from the adoption of the revision, never chosen by hand.
            status.choices = [choice for choice in status.choices if choice[0] != ActionPlan.Status.SUPERSEDED]
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.plan_sync_predecessor(plan=obj, user=request.user)


class ChallengeInline(PlanInline):
    model = Challenge
    fields = ["order", "text"]
    show_change_link = True


@admin.register(FieldOfAction)
class FieldOfActionAdmin(FrozenPlanAdminMixin, SortableAdminBase, PortalModelAdmin):
    list_display = ["full_name", "plan", "challenge_count"]
    ordering = ["plan", "order"]
    list_filter = ["plan"]
    search_fields = ["name", "parent__name"]
    list_select_related = ["plan", "parent"]
    fields = ["plan", "parent", "name", "description"]
    inlines = [ChallengeInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            limit_parents_to_plan(form, obj.plan)
        return form

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(challenge_total=Count("challenges"))

    @admin.display(description=_("field of action"), ordering="name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("challenges"), ordering="challenge_total")
    def challenge_count(self, obj):
        return obj.challenge_total


class MeasureInline(PlanInline):
    model = Measure
    fields = ["order", "text", "status"]
    show_change_link = True


@admin.register(Challenge)
class ChallengeAdmin(FrozenPlanAdminMixin, SortableAdminBase, PortalModelAdmin):
    list_display = ["__str__", "field_name", "measure_count"]
    ordering = ["field__plan", "field__order", "order"]
    list_filter = ["field__plan", "field"]
    search_fields = ["text", "sub_points"]
    list_select_related = ["field__parent"]
    autocomplete_fields = ["field"]
    fields = ["field", "text", "sub_points"]
    inlines = [MeasureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(measure_total=Count("measures"))

    @admin.display(description=_("field of action"), ordering="field__order")
    def field_name(self, obj):
        return obj.field.full_name

    @admin.display(description=_("measures"), ordering="measure_total")
    def measure_count(self, obj):
        return obj.measure_total


class IndicatorInline(PlanInline):
    model = Indicator
    form = forms.modelform_factory(
        Indicator,
        fields="__all__",
        widgets={
            "group_heading": forms.TextInput(attrs={"size": 16}),
            "text": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "unit": forms.TextInput(attrs={"size": 8}),
        },
    )
    fields = ["order", "group_heading", "text", "status", "unit", "baseline", "target", "actual"]
    editable_when_frozen = ("status", "actual")  # the checks of monitoring


class ResponsibilityInline(PlanInline):
    model = Responsibility
    fields = ["order", "actor", "role", "note"]
    select_related = ["actor"]
    autocomplete_fields = ["actor"]


class ProgressReportInline(PortalStackedInline):
    model = ProgressReport
    fields = [("date", "status"), "text", "author"]
    extra = 0
    view_on_site = False
    formfield_overrides = WIDE_TEXT

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        for name, value in new_report_defaults(request).items():
            formset.form.base_fields[name].initial = value
        return formset


@admin.register(Measure)
class MeasureAdmin(FrozenPlanAdminMixin, SortableAdminBase, PortalModelAdmin):
    list_display = ["__str__", "plan", "field_name", "status", "target_group"]
    ordering = ["challenge__field__plan", *MEASURE_PLAN_ORDER]
    list_filter = [
        "challenge__field__plan",
        FieldOfActionFilter,
        "status",
        ResponsibleActorFilter,
        ResponsibilityRoleFilter,
        "target_group",
        "cross_cutting_themes",
    ]
    search_fields = ["text", "sub_points", "challenge__text", "indicators__text", "indicators__group_heading"]
    list_select_related = ["challenge__field__parent", "challenge__field__plan", "target_group"]
    autocomplete_fields = ["challenge", "target_group", "cross_cutting_themes", "goals"]
    fieldsets = [
        (None, {"fields": ["challenge", "text", "sub_points", "status", "target_group"]}),
        (_("Period"), {"fields": [("start", "end")]}),
        (_("Strategy"), {"fields": ["cross_cutting_themes", "goals"]}),
    ]
    inlines = [IndicatorInline, ResponsibilityInline, ProgressReportInline]
    formfield_overrides = WIDE_TEXT
    editable_when_frozen = ("status",)

    @admin.display(description=_("field of action"), ordering="challenge__field__order")
    def field_name(self, obj):
        return obj.challenge.field.full_name

    @admin.display(description=_("action plan"), ordering="challenge__field__plan")
    def plan(self, obj):
        return obj.challenge.field.plan

    # A measure's version is the measure with its indicators and responsibilities in their order.

    def history_parts(self, request, object_id):
        return history_entries([(Indicator, {"measure_id": object_id}), (Responsibility, {"measure_id": object_id})])

    def version_rows(self, request, record):
        parts = services.measure_parts_as_of(measure=record.instance, end=version_end(record))
        return [(model._meta.verbose_name_plural, [str(row) for row in rows]) for model, rows in parts.items()]

    def restore_parts(self, request, obj, record):
        services.measure_parts_restore(measure=obj, end=version_end(record), reason=restore_reason(record))


@admin.register(ProgressReport)
class ProgressReportAdmin(PortalModelAdmin):
    list_display = ["measure", "date", "status", "author"]
    list_filter = ["status", ReportFieldOfActionFilter]
    search_fields = ["text", "measure__text"]
    list_select_related = ["measure", "author"]
    autocomplete_fields = ["measure"]
    date_hierarchy = "date"

    def get_changeform_initial_data(self, request):
        return {**new_report_defaults(request), **super().get_changeform_initial_data(request)}
