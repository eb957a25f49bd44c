"""The measure list's filters: they combine, and live in the URL so that a filtered list can be shared."""

import django_filters
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django.db.models import Exists, OuterRef
from django.forms.models import ModelChoiceIterator
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from actionplan.models import Actor, CrossCuttingTheme, FieldOfAction, Measure, Responsibility, TargetGroup
from integration_portal.kept_pages import kept

from . import selectors
from .models import AnnualSelection, Comment


class PlainChoiceIterator(ModelChoiceIterator):
    """Reads the choices with one ordinary query.

    Django's iterator reads them through a server-side cursor on PostgreSQL, which the query
    counts of the tests would not see there; this way every database counts them alike.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class CompactSelect(forms.Select):
    template_name = "steering/widgets/select.html"


def _scoped(model):
    return lambda request: model.objects.for_user(request.user)


def _scoped_choice(model, label, **kwargs):
    """A compact select of the district's objects of `model`, "all" when none is chosen."""
    return django_filters.ModelChoiceFilter(
        widget=CompactSelect, label=label, queryset=_scoped(model), empty_label=_("all"), **kwargs
    )


# The district's own choices of the filter form, read from the database.
MODEL_CHOICES = ("field", "actor", "target_group", "theme")
# The filter form is rendered on every list page; kept an hour per set of choices and values.
FORM_KEPT_SECONDS = 60 * 60


class MeasureFilter(django_filters.FilterSet):
    # A search term, not a text: a line at most.
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=200)
    field = django_filters.ModelChoiceFilter(
        widget=CompactSelect,
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        method="filter_field",
        empty_label=_("all"),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Measure.Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    actor = _scoped_choice(
        Actor,
        _("Actor"),
        help_text=_("Measures the actor has any role in, unless a role is chosen below."),
        method="filter_responsibility",
    )
    role = django_filters.ChoiceFilter(
        widget=CompactSelect,
        label=_("Role of the actor"),
        choices=Responsibility.Role.choices,
        method="filter_responsibility",
        empty_label=_("any role"),
    )
    target_group = _scoped_choice(TargetGroup, _("Target group"))
    theme = _scoped_choice(CrossCuttingTheme, _("Cross-cutting theme"), field_name="cross_cutting_themes")
    year = django_filters.ChoiceFilter(
        widget=CompactSelect,
        label=_("Selected for year"),
        choices=[],
        method="filter_year",
        empty_label=_("any or none"),
    )
    open_comments = django_filters.BooleanFilter(
        label=_("Has open comments"),
        method="filter_open_comments",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Measure
        fields = []

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["field"].queryset = FieldOfAction.objects.filter(plan=plan).select_related("parent")
        years = selectors.selection_years(user=self.request.user)
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]
        form_fields = self.form.fields
        for name in MODEL_CHOICES:
            form_fields[name].iterator = PlainChoiceIterator
            form_fields[name].queryset = form_fields[name].queryset  # rebuilds the widget's choices
        form_fields["field"].label_from_instance = lambda field: field.full_name
        form_fields["actor"].label_from_instance = lambda actor: actor.name
        form_fields["open_comments"].widget.choices = [("", _("all")), ("true", _("yes")), ("false", _("no"))]

    def form_html(self) -> SafeString:
        """The filter form as crispy renders it. Its choices and the values asked for are all it is made from, so
        it is kept under them: a new actor or year is a new key, and the list page renders the form once."""
        fields = self.form.fields
        for name in MODEL_CHOICES:
            fields[name].widget.choices = list(iter(fields[name].choices))  # read once (no count), for key and form
        inputs = [
            (
                name,
                self.data.getlist(name) if self.is_bound else [],
                [(str(value), str(label)) for value, label in getattr(field.widget, "choices", ())],
            )
            for name, field in fields.items()
        ]
        # crispy's SafeString stays one through the cache's pickling.
        return kept("steering:filter-form", inputs, lambda: as_crispy_form(self.form), timeout=FORM_KEPT_SECONDS)

    def filter_search(self, queryset, name, value):
        return selectors.measure_search(queryset, value)

    def filter_field(self, queryset, name, field):
        return queryset.in_field(field)

    def filter_responsibility(self, queryset, name, value):
        # Actor and role are applied together in filter_queryset: the same responsibility must match both.
        return queryset

    def filter_year(self, queryset, name, year):
        return queryset.filter(Exists(AnnualSelection.objects.filter(measure=OuterRef("pk"), year=int(year))))

    def filter_open_comments(self, queryset, name, value):
        open_comments = Exists(Comment.objects.filter(measure=OuterRef("pk"), answered_at__isnull=True))
        return queryset.filter(open_comments if value else ~open_comments)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        actor, role = self.form.cleaned_data.get("actor"), self.form.cleaned_data.get("role")
        return queryset.with_responsibility(actor, role)

    def active_filters(self):
        """(label, shown value) of every filter in use, for the list heading and the PDF."""
        if not self.is_bound or not self.form.is_valid():
            return []
        shown = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []):
                continue
            field = self.form.fields[name]
            if name == "status":
                value = ", ".join(str(Measure.Status(status).label) for status in value)
            elif name == "role":
                value = Responsibility.Role(value).label
            elif name == "open_comments":
                value = _("yes") if value else _("no")
            elif hasattr(field, "label_from_instance"):
                value = field.label_from_instance(value)
            shown.append((field.label, value))
        return shown
