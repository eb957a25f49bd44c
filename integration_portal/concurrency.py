"""No edit is lost: a save based on an outdated version of an object is refused, with what changed.

One version concept: every district-owned model has a `modified` timestamp that changes with each
save; it is the object's version (`version_token`). A version of several rows together, such as a
measure with its challenge, indicators and responsibilities in the spreadsheet's Version column, is
a digest of theirs (`combined_version`).

A form carries the version it was opened on as a hidden field. Where an object is loaded for a save
(a POST), it is loaded `locked`: its row stays locked until the end of the request's transaction
(`ATOMIC_REQUESTS` is on, and the admin's change views are atomic). The form's `clean` takes no lock;
`check_version` compares the submitted version with the saved row, so it too refuses to run outside a
transaction. If somebody saved in between, the form is invalid and says, field by field, what the
other person saved and what was entered.

- Plain forms: `class MeasureForm(ConcurrencyFormMixin, forms.ModelForm)`; the view loads the object
  through a selector with `for_update=True` on POST.
- Admin: every model admin and inline gets both through `integration_portal.admin_base`.
"""

import hashlib

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.transaction import TransactionManagementError
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .labels import value_label

# A form field name, no secret.
TOKEN_FIELD = "version_token"  # noqa: S105  # nosec B105


def version_token(instance):
    """The token of the saved version of `instance`: its `modified` time, exact to the microsecond."""
    modified = getattr(instance, "modified", None)
    return modified.isoformat() if modified else ""


def combined_version(parts):
    """The version of several rows together: a short digest of their versions, in a fixed order.

    `parts` are strings, each naming a row and its `version_token`; any save, addition or deletion
    of one of the rows changes the result.
    """
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def require_transaction() -> None:
    """Outside a transaction a lock would end at once and a save in between would go unnoticed."""
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError(
            "The version of an edited object is checked inside a transaction: "
            "enable ATOMIC_REQUESTS or wrap the loading, the validation and the save in transaction.atomic()."
        )


def locked(queryset: models.QuerySet) -> models.QuerySet:
    """`queryset` with its rows (not those of joined tables) locked until the end of the transaction."""
    require_transaction()
    return queryset.select_for_update(of=("self",))


def lock_rows(model: type[models.Model], pks: list) -> None:
    """Locks the rows of `model` with these primary keys until the end of the transaction."""
    list(locked(model._default_manager.filter(pk__in=pks)).values_list("pk", flat=True))


def check_version(instance, submitted):
    """None if `submitted` is the version saved now; else the saved row (None if it was deleted).

    Takes no lock: the row was locked where it was loaded for the save. Raises a ValidationError when
    the row was deleted meanwhile.
    """
    require_transaction()
    current = type(instance)._default_manager.filter(pk=instance.pk).first()
    if current is None:
        raise ValidationError(
            _("This entry was deleted by somebody else in the meantime. Your changes were not saved."),
            code="deleted",
        )
    return None if version_token(current) == submitted else current


def conflict_changes(current, token):
    """[(field label, value the other person saved)] for fields changed since the version `token`.

    The version the user opened is found in the object's history; without one, every field is listed
    whose saved value differs from what the form was opened on is unknown, so None is returned.
    """
    history = getattr(type(current), "history", None)
    if history is None:
        return None
    opened = history.filter(id=current.pk, modified=token).order_by("-history_id").first()
    if opened is None:
        return None
    changes = []
    for field_obj in type(current)._meta.concrete_fields:
        if field_obj.attname in ("modified", "created"):
            continue
        old, new = getattr(opened, field_obj.attname), getattr(current, field_obj.attname)
        if old != new:
            changes.append((field_obj, old, new))
    return changes


class ConcurrencyFormMixin:
    """For any ModelForm of a model with a `modified` timestamp: refuses a save over a newer version."""

    # Set by the admin's restore view: the form edits the current object, whatever version it shows.
    token_from_database = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        opened_version = ""
        if self.instance.pk is not None:
            if self.token_from_database:
                saved = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
                opened_version = version_token(saved)
            else:
                opened_version = version_token(self.instance)
        self.fields[TOKEN_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False, initial=opened_version)

    def has_changed(self):
        return any(name != TOKEN_FIELD for name in self.changed_data)

    def clean(self):
        cleaned_data = super().clean()
        submitted = self.data.get(self.add_prefix(TOKEN_FIELD)) if self.is_bound else None
        # Unchanged rows of a formset are not saved, so they cannot overwrite anything. A restore is
        # always saved, whatever the form's initial (historical) values are.
        if self.instance.pk is None or not submitted or not (self.token_from_database or self.has_changed()):
            return cleaned_data
        current = check_version(self.instance, submitted)
        if current is not None:
            raise ValidationError(self._conflict_message(current, submitted), code="conflict")
        return cleaned_data

    def _conflict_message(self, current, submitted):
        record = (
            current.history.order_by("-history_id").select_related("history_user").first()
            if hasattr(current, "history")
            else None
        )
        who = str(record.history_user) if record is not None and record.history_user else gettext("somebody else")
        when = localize(localtime(current.modified))
        lines = [
            gettext(
                "“%(object)s” was changed by %(user)s at %(time)s while you were editing it. "
                "Your changes were not saved; reload the page to see the current version."
            )
            % {"object": current, "user": who, "time": when}
        ]
        changes = conflict_changes(current, submitted)
        if changes is None:
            changes = [
                (
                    self.instance._meta.get_field(name),
                    None,
                    getattr(current, self.instance._meta.get_field(name).attname),
                )
                for name in self.changed_data
                if name != TOKEN_FIELD and name in {f.name for f in self.instance._meta.concrete_fields}
            ]
        for field_obj, _old, new in changes:
            line = gettext("%(field)s: now saved “%(saved)s”") % {
                "field": str(field_obj.verbose_name),
                "saved": value_label(field_obj, new),
            }
            if field_obj.name in self.fields:
                line += gettext(", your entry “%(entered)s”") % {"entered": self._entered(field_obj)}
            lines.append(line)
        return ValidationError([ValidationError(line, code="conflict") for line in lines])

    def _entered(self, field_obj):
        """What the user entered in the field, as the form shows it (choice labels, object names)."""
        raw = self[field_obj.name].value()
        if isinstance(field_obj, models.FileField):
            # The file's name; cleaning would open a stored file that may be gone.
            return value_label(field_obj, getattr(raw, "name", raw))
        try:
            value = self.fields[field_obj.name].clean(raw)
        except ValidationError:
            return str(raw or "–")
        return value_label(field_obj, value)


def _with_mixin(form_class, token_from_database=False):
    if issubclass(form_class, ConcurrencyFormMixin) and not token_from_database:
        return form_class
    return type(form_class.__name__, (ConcurrencyFormMixin, form_class), {"token_from_database": token_from_database})


def _fields_without_token(model_admin, request, obj, kwargs):
    """The fields an admin form or formset is built with; the token is added by the form itself."""
    fields = kwargs["fields"] if "fields" in kwargs else flatten_fieldsets(model_admin.get_fieldsets(request, obj))
    return None if fields is None else [name for name in fields if name != TOKEN_FIELD]


class ConcurrencyAdminMixin:
    """Admin form with the version token; put it first in the bases of a model admin."""

    def get_form(self, request, obj=None, **kwargs):
        kwargs["fields"] = _fields_without_token(self, request, obj, kwargs)
        form = super().get_form(request, obj, **kwargs)
        return _with_mixin(form, token_from_database=self.is_restore(request, obj))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None or request.method != "POST":
            return obj
        # Loaded for a save: its row locked, so nobody saves in between until the transaction ends. The
        # admin's queryset may group rows for its annotations, which cannot be locked; the row alone can.
        lock_rows(type(obj), [obj.pk])
        return obj

    def is_restore(self, request, obj):
        """Hook: whether `obj` is an earlier version being restored over the current one."""
        return False

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # The hidden token must be in a fieldset to be rendered; it is no model field.
        first_name, first_options = fieldsets[0]
        first_options = {**first_options, "fields": [*first_options["fields"], TOKEN_FIELD]}
        return [(first_name, first_options), *fieldsets[1:]]


class LockingFormSetMixin:
    """A bound (submitted) formset locks its saved rows as it loads them, until the transaction ends."""

    def get_queryset(self):
        rows = super().get_queryset()
        if self.is_bound and not getattr(self, "_rows_locked", False):
            lock_rows(self.model, [row.pk for row in rows])
            self._rows_locked = True
        return rows


class ConcurrencyInlineMixin:
    """Admin inline whose rows carry the version token; put it first in the bases of an inline."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["fields"] = _fields_without_token(self, request, obj, kwargs)
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_mixin(formset.form)
        return type(formset.__name__, (LockingFormSetMixin, formset), {})

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if TOKEN_FIELD in fields else [*fields, TOKEN_FIELD]
