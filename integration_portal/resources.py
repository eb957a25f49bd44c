"""Import and export of a district's simple lists (actors, committees, target groups) in the admin.

Built on django-import-export: the admin's “Importieren” shows a preview of every row (new, changed,
unchanged, wrong) and writes nothing until it is confirmed; “Exportieren” writes the filtered list.

- The district comes from the user, never from the file. A row whose ID is not one of the district's
  rows is refused; rows without ID are new.
- All or nothing: one wrong row, and nothing is written; the preview names the row.
- Text a spreadsheet would run as a formula stays text: a text cell in XLSX, an apostrophe before it in
  CSV that the import takes away again (`integration_portal.spreadsheets`).
"""

import tablib
from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from . import export_jobs, history
from .spreadsheets import safe_cell, unescape_cell, xlsx_bytes

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class DistrictListResource(resources.ModelResource):
    """Base of the resources of district-owned lists; `district` is the user's."""

    def __init__(self, district=None, **kwargs):
        super().__init__(**kwargs)
        self.district = district

    class Meta:
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        import_id_fields = ["id"]

    def get_queryset(self):
        return self._meta.model.objects.filter(district=self.district)

    def import_data(self, dataset, **kwargs):
        # A row with a validation error rolls back the other rows as well: all or nothing.
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        with history.history_path(history.IMPORT):
            return super().import_data(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            if isinstance(value, str):
                row[key] = unescape_cell(value)
        row_id = str(row.get("id") or "").strip().removesuffix(".0")
        if row_id and not self.get_queryset().filter(pk=row_id if row_id.isdigit() else None).exists():
            raise ValidationError(
                _("The ID “%(id)s” is not one of this district's entries. Leave the ID empty for a new entry.")
                % {"id": row_id}
            )

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.district = self.district


class SafeXLSX(XLSX):
    """Written by the portal's own XLSX writer: formula-like text stays a text cell, without apostrophe."""

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(dataset.headers, list(dataset), title=dataset.title or "Export")


class SafeCSV(CSV):
    """CSV with an apostrophe before formula-like text, as every CSV of the portal."""

    def export_data(self, dataset, **kwargs):
        escaped = tablib.Dataset(*([safe_cell(value) for value in row] for row in dataset), headers=dataset.headers)
        return super().export_data(escaped, **kwargs)


class LimitedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class DistrictImportExportMixin(ImportExportMixin):
    """Import and export in a district-scoped model admin (put it before the admin's other bases)."""

    import_form_class = LimitedImportForm
    formats = [SafeXLSX, SafeCSV]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"district": request.user.district}

    def export_action(self, request):
        # Unknown filter parameters: back to the list, as Django's change list answers them, not a 500.
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?e=1")

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        # A list longer than EXPORT_JOB_THRESHOLD is written by a job; the user follows it on its page.
        if export_jobs.runs_as_job(queryset.count()):
            return export_jobs.list_export_enqueue(
                request=request,
                model_admin=self,
                queryset=queryset,
                format_index=self.get_export_formats().index(type(file_format)),
                fields=self.get_export_resource_fields_from_form(export_form),
            )
        return super()._do_file_export(file_format, request, queryset, export_form=export_form)

    def process_result(self, result, request):
        # The file may have changed meaning since the preview (a name taken meanwhile): nothing was written.
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, gettext_lazy("The import was not written: a row is no longer valid. Import again."))
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        with history.history_path(history.IMPORT):
            return super().process_result(result, request)
