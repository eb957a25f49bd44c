"""The admin where KIT staff record the process, its formats and findings, and build the survey."""

from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, prefetch_related_objects
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integration_portal.admin_base import PortalInline, PortalModelAdmin, PortalStackedInline

from .forms import FindingForm
from .languages import BY_CODE, in_language
from .models import (
    Finding,
    Format,
    FormatDocument,
    ParticipationProcess,
    Survey,
    SurveyOption,
    SurveyQuestion,
    SurveySection,
    survey_missing_translations,
)
from .selectors import survey_tree

COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class FormatInline(PortalInline):
    model = Format
    fields = ["kind", "title", "round", "start", "end", "date_note"]
    extra = 0
    show_change_link = True
    view_on_site = False


@admin.register(ParticipationProcess)
class ParticipationProcessAdmin(PortalModelAdmin):
    list_display = ["title", "concept", "is_public"]
    list_select_related = ["concept"]
    search_fields = ["title", "introduction"]
    autocomplete_fields = ["concept"]
    fields = ["concept", "title", "introduction", "is_public"]
    inlines = [FormatInline]


class FindingInline(SortableInlineAdminMixin, PortalStackedInline):
    model = Finding
    form = FindingForm
    fields = ["order", ("kind", "group_heading"), "text", "fields_of_action", "measures", "note"]
    autocomplete_fields = ["fields_of_action", "measures"]
    extra = 0
    view_on_site = False
    formfield_overrides = COMPACT_TEXT


class FormatDocumentInline(PortalInline):
    model = FormatDocument
    fields = ["title", "file", "is_public"]
    extra = 0
    view_on_site = False


@admin.register(Format)
class FormatAdmin(SortableAdminBase, PortalModelAdmin):
    list_display = ["title", "kind", "round", "start", "process", "finding_count"]
    list_filter = ["kind", "process"]
    list_select_related = ["process"]
    search_fields = ["title", "topics", "description", "documentation"]
    autocomplete_fields = ["organiser"]
    fieldsets = [
        (None, {"fields": ["process", "kind", "title", "topics", "round"]}),
        (_("When and where"), {"fields": [("start", "end"), "date_note", "place"]}),
        (_("Who"), {"fields": ["audience", ("invited", "attending"), "organiser"]}),
        (_("Description and documentation"), {"fields": ["description", "documentation"]}),
    ]
    inlines = [FindingInline, FormatDocumentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(finding_total=Count("findings"))

    @admin.display(description=_("findings"), ordering="finding_total")
    def finding_count(self, obj):
        return obj.finding_total


class TakenUpFilter(admin.SimpleListFilter):
    title = _("taken up")
    parameter_name = "taken_up"

    def lookups(self, request, model_admin):
        return [("yes", _("taken up in measures")), ("no", _("open"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(measures__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(measures__isnull=True)
        return queryset


@admin.register(Finding)
class FindingAdmin(PortalModelAdmin):
    form = FindingForm
    list_display = ["__str__", "format", "kind", "measure_count"]
    list_filter = [TakenUpFilter, "kind", "format", "fields_of_action"]
    list_select_related = ["format"]
    search_fields = ["text", "group_heading", "note"]
    autocomplete_fields = ["fields_of_action", "measures"]
    fields = ["format", "kind", "group_heading", "text", "fields_of_action", "measures", "note", "order"]
    formfield_overrides = COMPACT_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(measure_total=Count("measures"))

    @admin.display(description=_("measures"), ordering="measure_total")
    def measure_count(self, obj):
        return obj.measure_total


class SurveySectionInline(SortableInlineAdminMixin, PortalStackedInline):
    model = SurveySection
    fields = ["order", "title", "description"]
    extra = 0
    show_change_link = True
    view_on_site = False


def translation_status(survey):
    """“complete”, or per language how many texts still lack a translation."""
    missing = survey_missing_translations(survey)
    if not missing:
        return _("All texts are translated into every survey language.")
    return format_html_join(
        ", ",
        "{}: {}",
        (
            (
                BY_CODE[code].local_name,
                ngettext("%(count)s text missing", "%(count)s texts missing", count) % {"count": count},
            )
            for code, count in missing.items()
        ),
    )


@admin.register(Survey)
class SurveyAdmin(SortableAdminBase, PortalModelAdmin):
    list_display = ["__str__", "process", "opens_on", "closes_on", "response_count", "links"]
    list_select_related = ["process"]
    search_fields = ["title"]
    fieldsets = [
        (None, {"fields": ["process", "format", ("opens_on", "closes_on")]}),
        (_("Texts"), {"fields": ["title", "introduction", "thank_you"]}),
        (_("Translations"), {"fields": ["translations"]}),
    ]
    readonly_fields = ["translations"]
    inlines = [SurveySectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(response_total=Count("responses"))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            prefetch_related_objects([obj], survey_tree())
        return obj

    @admin.display(description=_("translations"))
    def translations(self, obj):
        return translation_status(obj) if obj.pk else "–"

    @admin.display(description=_("responses"), ordering="response_total")
    def response_count(self, obj):
        return obj.response_total

    @admin.display(description=_("links"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("participation:survey", kwargs={"language": "de", "pk": obj.pk}),
            _("survey"),
            reverse("participation:survey_evaluation", kwargs={"pk": obj.pk}),
            _("evaluation"),
        )


class SurveyQuestionInline(SortableInlineAdminMixin, PortalStackedInline):
    model = SurveyQuestion
    fields = ["order", ("kind", "required", "allow_other"), "text"]
    extra = 0
    show_change_link = True
    view_on_site = False


@admin.register(SurveySection)
class SurveySectionAdmin(SortableAdminBase, PortalModelAdmin):
    list_display = ["__str__", "survey", "order"]
    list_select_related = ["survey"]
    list_filter = ["survey"]
    fields = ["survey", "title", "description"]
    inlines = [SurveyQuestionInline]


class SurveyOptionInline(SortableInlineAdminMixin, PortalStackedInline):
    model = SurveyOption
    fields = ["order", "text"]
    extra = 0
    view_on_site = False


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(SortableAdminBase, PortalModelAdmin):
    list_display = ["__str__", "kind", "required", "section_title"]
    list_select_related = ["section__survey"]
    list_filter = ["kind", "section__survey"]
    fieldsets = [
        (None, {"fields": ["section", "kind", "required", "allow_other", "text", "help"]}),
        (_("Scale"), {"fields": [("scale_min", "scale_max"), "scale_min_label", "scale_max_label"]}),
    ]
    inlines = [SurveyOptionInline]

    @admin.display(description=_("section"))
    def section_title(self, obj):
        return in_language(obj.section.title, "de")
