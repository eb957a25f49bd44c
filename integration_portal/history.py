"""The change history of district-owned data: who, when, what field by field, and by which path.

django-simple-history keeps a historical row per save (`history = HistoricalRecords()` on the model);
the request user comes from its middleware. This module adds the path a change came by and gives
KIT staff a scoped admin history with restore:

- the path ("admin", "browser", "import", "command") is stored in its own column `history_path`
  (`integration_portal.models.history_records`), leaving `history_change_reason` for a reason a person
  gives. It is set in one place per path: `HistoryPathMiddleware` for requests (admin or browser by URL namespace),
  `history_path("import")` around an import, `history_path("command")` in a management command;
- `DistrictHistoryAdmin` (part of `admin_base.PortalModelAdmin`) shows an object's history with the
  changes field by field and restores an earlier version, never reaching another district's records;
- `history_entries(...)` lists the changes of several objects with a fixed number of queries, for the
  include `integration_portal/includes/history.html`.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta, to_historic
from simple_history.template_utils import HistoricalRecordContextHelper

from .labels import value_label
from .models import HistoryPath, history_path

ADMIN = HistoryPath.ADMIN
BROWSER = HistoryPath.BROWSER
IMPORT = HistoryPath.IMPORT
COMMAND = HistoryPath.COMMAND

__all__ = ["history_path", "history_entries", "HistoryPathMiddleware", "DistrictHistoryAdmin"]


class HistoryPathMiddleware:
    """Requests to the admin are the "admin" path, every other request the "browser" path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            namespace = resolve(request.path_info).namespace
        except Resolver404:
            namespace = ""
        with history_path(ADMIN if namespace.split(":")[0] == "admin" else BROWSER):
            return self.get_response(request)


PATH_LABELS = dict(HistoryPath.choices)
KIND_LABELS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One saved change of one object, for display."""

    date: object
    user: object
    path: str
    kind: str  # "+" created, "~" changed, "-" deleted
    object_label: str
    model_label: str
    changes: list = field(default_factory=list)

    @property
    def path_label(self):
        return PATH_LABELS.get(self.path, self.path)

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)


def _instance(record, joined):
    """The object as it was, with the related objects loaded with the record (no query per row)."""
    instance = record.instance
    for name in joined:
        setattr(instance, name, getattr(record, name))
    return instance


def _tracked_many_to_many(model):
    """(field, accessor on a historical record, target field) of the many-to-many fields kept in the history."""
    history_model = model.history.model
    tracked = []
    for field_obj in getattr(history_model, "_history_m2m_fields", []):
        through = field_obj.remote_field.through
        for relation in history_model._meta.related_objects:
            if getattr(relation.related_model, "instance_type", None) is through:
                target = field_obj.m2m_reverse_field_name()
                tracked.append((field_obj, relation.get_accessor_name(), target))
    return tracked


def _related_names(record, accessor, target):
    return sorted(str(getattr(row, target)) for row in getattr(record, accessor).all())


def _many_to_many_changes(previous, record, m2m):
    """Changed many-to-many fields, compared on the rows prefetched with the records.

    `diff_against` compares these too, but with two queries per record (`order_by().values()` on each side),
    which would make the history page's query count grow with its length.
    """
    changes = []
    for field_obj, accessor, target in m2m:
        old, new = _related_names(previous, accessor, target), _related_names(record, accessor, target)
        if old != new:
            changes.append(Change(str(field_obj.verbose_name), ", ".join(old) or "–", ", ".join(new) or "–"))
    return changes


def _field_changes(previous, record, fields):
    """Changed fields in declaration order, from django-simple-history's `diff_against`.

    Foreign keys come as the objects joined with the records, so naming them needs no query.
    """
    delta = record.diff_against(previous, included_fields=list(fields), foreign_keys_are_objs=True)
    by_name = {change.field: change for change in delta.changes}
    return [
        Change(str(field_obj.verbose_name), value_label(field_obj, change.old), value_label(field_obj, change.new))
        for name, field_obj in fields.items()
        if (change := by_name.get(name)) is not None
    ]


def history_rows(model):
    """The historical rows of `model`, through the historical model's plain manager: `model.history` builds a
    manager class on every access, which the pages that read history on every request should not pay."""
    return model.history.model._default_manager


def _records(model, lookup, joined, m2m):
    return (
        history_rows(model)
        .filter(**lookup)
        .select_related("history_user", *joined)
        .prefetch_related(*(f"{accessor}__{target}" for _field, accessor, target in m2m))
        .order_by("id", "history_date", "history_id")
    )


def _newest_with_predecessors(records, newest: int):
    """The `newest` records and, for each object among them, its record before them; the ids of the newest.

    Everything after the oldest record taken is taken, so an object's record before them is older than that.
    Two queries (and the many-to-many prefetches) whatever the length of the history.
    """
    taken = list(
        records.order_by("-history_date", "-history_id").values_list("history_id", "id", "history_date")[:newest]
    )
    if not taken:
        return [], set()
    oldest_id, _object_id, oldest_date = taken[-1]
    latest_first = [F("history_date").desc(), F("history_id").desc()]
    before = (
        records.filter(
            Q(history_date__lt=oldest_date) | Q(history_date=oldest_date, history_id__lt=oldest_id),
            id__in={object_id for _history_id, object_id, _date in taken},
        )
        .annotate(rank=Window(RowNumber(), partition_by=F("id"), order_by=latest_first))
        .filter(rank=1)
        .values("history_id")
    )
    shown = {history_id for history_id, _object_id, _date in taken}
    return records.filter(Q(history_id__in=shown) | Q(history_id__in=before)), shown


def _model_entries(model, lookup, newest=None):
    m2m = _tracked_many_to_many(model)
    # The district never changes and names no object.
    joined = [f.name for f in model._meta.concrete_fields if f.many_to_one and f.name != "district"]
    # The fields people edit; timestamps, the district and the id are bookkeeping.
    fields = {f.name: f for f in model._meta.concrete_fields if f.editable and not f.primary_key}
    records, shown = _records(model, lookup, joined, m2m), None
    if newest is not None:
        records, shown = _newest_with_predecessors(records, newest)
    entries, previous = [], None
    for record in records:
        if shown is None or record.history_id in shown:
            changes = []
            if previous is not None and previous.id == record.id and record.history_type == "~":
                changes = _many_to_many_changes(previous, record, m2m) + _field_changes(previous, record, fields)
            entries.append(
                HistoryEntry(
                    date=record.history_date,
                    user=record.history_user,
                    path=record.history_path,
                    kind=record.history_type,
                    object_label=str(_instance(record, joined)),
                    model_label=str(model._meta.verbose_name),
                    changes=changes,
                )
            )
        previous = record
    return entries


def history_entries(sources, *, limit=None):
    """The changes of several objects, newest first, with one query per source (two with a `limit`).

    `sources` is a list of (model, filter kwargs), e.g.
    `[(Measure, {"id": m.pk}), (Responsibility, {"measure_id": m.pk})]`; each selects historical rows of
    that model with its foreign keys joined, for the object names and the changed values. Consecutive
    records of one object are compared in Python, so the number of queries does not grow with the
    number of changes. With a `limit`, each source reads only its newest `limit` records (and the one
    before each object's oldest of them, to name its changes), so the work does not grow either.
    """
    entries = [entry for model, lookup in sources for entry in _model_entries(model, lookup, limit)]
    entries.sort(key=lambda entry: entry.date, reverse=True)
    return entries[:limit] if limit else entries


def has_history(model):
    """Whether the model keeps a version per save (`history = HistoricalRecords()`)."""
    return hasattr(model._meta, "simple_history_manager_attribute")


def is_restored_version(obj):
    """Whether `obj` is an earlier version loaded from its history (the restore form's object)."""
    return to_historic(obj) is not None


class _ReadableChanges(HistoricalRecordContextHelper):
    """The admin's history lists changed values as people read them: labels, names, German formats."""

    def prepare_delta_change_value(self, change, value):
        field_obj = self.model._meta.get_field(change.field)
        if field_obj.many_to_many:
            return super().prepare_delta_change_value(change, value)
        return value_label(field_obj, value)


class DistrictHistoryAdmin(SimpleHistoryAdmin):
    """History and restore in the admin, scoped to the user's district.

    Combined with the scoping and the conflict check in `admin_base.PortalModelAdmin`.
    The history of another district's object is 404, as is any of its versions. Hooks for admins
    whose objects have parts (a measure's indicators): `history_parts`, `version_rows`, `restore_parts`.
    """

    history_list_display = ["path"]
    object_history_template = "admin/portal/history.html"
    object_history_form_template = "admin/portal/history_form.html"
    object_history_list_template = "admin/portal/history_list.html"
    # Fields no form edits but the history must show, e.g. a paper's status set by the workflow.
    history_extra_fields = ()

    def get_historical_record_context_helper(self, request, historical_record):
        return _ReadableChanges(self.model, historical_record)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return queryset.filter(district_id=request.user.district_id)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        for newer, older in zip(records, records[1:], strict=False):
            changes = [
                ModelChange(name, getattr(older, name), getattr(newer, name))
                for name in self.history_extra_fields
                if getattr(older, name) != getattr(newer, name)
            ]
            if changes:
                delta = ModelDelta(changes, [change.field for change in changes], older, newer)
                helper = self.get_historical_record_context_helper(request, newer)
                newer.history_delta_changes = [
                    *helper.context_for_delta_changes(delta),
                    *getattr(newer, "history_delta_changes", []),
                ]

    def history_view(self, request, object_id, extra_context=None):
        if not has_history(self.model):
            # Kept without versions (e.g. comments): the admin's own log of changes.
            return super(SimpleHistoryAdmin, self).history_view(request, object_id, extra_context)
        # The object must be the user's own; deleted objects of the district still show their history.
        # Historical rows have their own primary key; the object's id is in the model's pk column name.
        pk_name = self.model._meta.pk.attname
        history = self.model.history.filter(**{pk_name: object_id}) if object_id.isdigit() else None
        exists = self.get_queryset(request).filter(pk=object_id).exists() if object_id.isdigit() else False
        if not exists and (history is None or not history.filter(district_id=request.user.district_id).exists()):
            raise Http404
        context = {"part_entries": self.history_parts(request, int(object_id))}
        if not request.user.has_perm("integration_portal.view_user"):
            # No link to the user's admin page for those who may not open it (it would answer 403).
            context["admin_user_view"] = ""
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (has_history(self.model) and object_id.isdigit() and version_id.isdigit()):
            raise Http404
        pk_name = self.model._meta.pk.attname
        record = self.model.history.filter(**{pk_name: object_id, "history_id": version_id}).first()
        if record is None or record.district_id != request.user.district_id:
            raise Http404
        if not self.has_change_permission(request) and not self.has_view_permission(request):
            raise PermissionDenied
        context = {"version_rows": self.version_rows(request, record), **(extra_context or {})}
        return super().history_form_view(request, object_id, version_id, context)

    def history_form_view_title(self, request, obj):
        return gettext("Restore the version of %(date)s") % {"date": _version_date(to_historic(obj))}

    def save_model(self, request, obj, form, change):
        record = to_historic(obj)
        if record is not None:
            obj._change_reason = restore_reason(record)
        super().save_model(request, obj, form, change)
        if record is not None:
            self.restore_parts(request, obj, record)

    def history_parts(self, request, object_id):
        """Hook: HistoryEntry rows of the object's parts for its history page, or None."""
        return None

    def version_rows(self, request, record):
        """Hook: [(heading, [row text])] of the parts a restore of `record` brings back."""
        return []

    def restore_parts(self, request, obj, record):
        """Hook: bring the object's parts back as they were in the version `record` (same transaction)."""


def _version_date(record):
    return localize(localtime(record.history_date))


def restore_reason(record) -> str:
    """The change reason of a restore: “Wiederhergestellt (Fassung vom 03.03.2026 10:15)”."""
    return gettext("Restored (version of %(date)s)") % {"date": _version_date(record)}


def version_end(record):
    """When the version `record` was replaced by the next save of its object, or None if it is current.

    The parts saved with a version (inline rows) are written just after it, so a version's parts are
    those saved before the next version began.
    """
    later = type(record).objects.filter(id=record.id, history_date__gt=record.history_date)
    following = later.order_by("history_date").first()
    return following.history_date if following is not None else None
