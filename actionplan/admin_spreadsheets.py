"""Import and export of an action plan from its admin page: upload → preview → confirm, and downloads.

The uploaded file waits for the confirmation in a private folder (`pending_uploads`), never under MEDIA_ROOT.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal import export_jobs, pending_uploads
from integration_portal.spreadsheets import XLSX_TYPE

from . import freezing, imports, jobs
from .exports import FORMATS, export_filename, plan_export_bytes
from .models import Measure

SESSION_KEY = "actionplan_import"


def may_exchange_spreadsheets(user):
    """Only KIT staff (who may add and change measures) import and export plans."""
    return user.is_active and user.has_perm("actionplan.add_measure") and user.has_perm("actionplan.change_measure")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("XLSX or CSV, at most 10 MB and 5,000 rows, one row per measure."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Size and type before anything is read.
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."), code="too_large")
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Only XLSX and CSV files can be imported."), code="type")
        return upload


class PlanSpreadsheetAdminMixin:
    """URLs `<id>/import/` and `<id>/export/<format>/` on the action plan admin."""

    change_form_template = "admin/actionplan/actionplan/change_form_spreadsheets.html"

    def get_urls(self):
        own = [
            path("<int:object_id>/import/", self.admin_site.admin_view(self.import_view), name="actionplan_import"),
            path(
                "<int:object_id>/export/<str:file_format>/",
                self.admin_site.admin_view(self.export_view),
                name="actionplan_export",
            ),
        ]
        return own + super().get_urls()

    def _plan_for(self, request, object_id):
        if not may_exchange_spreadsheets(request.user):
            raise PermissionDenied
        return self.get_object(request, str(object_id))  # scoped: 404 for another district's plan

    def export_view(self, request, object_id, file_format):
        plan = self._plan_for(request, object_id)
        if file_format not in FORMATS:
            raise PermissionDenied
        if export_jobs.runs_as_job(Measure.objects.in_plan(plan).count()):
            return jobs.export_enqueue(request=request, plan=plan, file_format=file_format)
        data = plan_export_bytes(plan=plan, file_format=file_format, user=request.user)
        content_type = XLSX_TYPE if file_format == "xlsx" else "text/csv; charset=utf-8"
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(plan, file_format)}"'
        return response

    def import_view(self, request, object_id):
        plan = self._plan_for(request, object_id)
        if plan.is_frozen:
            messages.error(request, freezing.FROZEN_MESSAGE)
            return HttpResponseRedirect(reverse("admin:actionplan_actionplan_change", args=[plan.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": plan,
            "plan": plan,
            "title": _("Import measures into “%(plan)s”") % {"plan": plan},
            "max_rows": imports.MAX_ROWS,
        }
        form = ImportForm()
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request, plan, context)
        if request.method == "POST" and "cancel" in request.POST:
            self._discard_pending(request)
            messages.info(request, _("The import was cancelled; the uploaded file has been deleted."))
            return HttpResponseRedirect(reverse("admin:actionplan_actionplan_change", args=[plan.pk]))
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read()
                try:
                    rows = imports.read_table(data, upload.name)
                except imports.ImportFileError as error:
                    form.add_error("file", str(error))
                else:
                    analysis = imports.analyse(plan=plan, rows=rows)
                    self._discard_pending(request)  # a new upload replaces the one waiting
                    token = None  # names the waiting file; none when there is nothing to confirm
                    if analysis.is_valid and analysis.has_changes:
                        token = pending_uploads.store(data, upload.name)
                        request.session[SESSION_KEY] = {
                            "token": token,
                            "name": upload.name,
                            "plan": plan.pk,
                            "rows": len(analysis.rows),
                        }
                    context.update(
                        analysis=analysis,
                        filename=upload.name,
                        token=token,
                        runs_as_job=jobs.import_runs_as_job(len(analysis.rows)),
                    )
                    return TemplateResponse(request, "actionplan/admin/import_preview.html", context)
        context["form"] = form
        return TemplateResponse(request, "actionplan/admin/import_form.html", context)

    def _confirm(self, request, plan, context):
        pending = request.session.get(SESSION_KEY)
        if not pending or pending["plan"] != plan.pk or pending["token"] != request.POST.get("token"):
            messages.error(request, _("The upload has expired. Please choose the file again."))
            return HttpResponseRedirect(reverse("admin:actionplan_import", args=[plan.pk]))
        if jobs.import_runs_as_job(pending.get("rows", 0)):
            # The job reads the waiting file and deletes it when it is done; the session forgets it now.
            del request.session[SESSION_KEY]
            job = jobs.import_enqueue(
                plan=plan,
                user=request.user,
                token=pending["token"],
                filename=pending["name"],
                row_count=pending["rows"],
            )
            return HttpResponseRedirect(job.get_absolute_url())
        data = pending_uploads.read(pending["token"], pending["name"])
        self._discard_pending(request)
        if data is None:
            messages.error(request, _("The upload has expired. Please choose the file again."))
            return HttpResponseRedirect(reverse("admin:actionplan_import", args=[plan.pk]))
        rows = imports.read_table(data, pending["name"])
        result = imports.apply_import(
            plan=plan,
            rows=rows,
            user=request.user,
            filename=pending["name"],
            token=pending["token"],
            file_hash=imports.file_hash(data),
        )
        if not result.analysis.is_valid:
            # Somebody changed the plan between preview and confirmation: show the new preview.
            # ("token" names the pending import in the session, it is no secret.)
            context.update(analysis=result.analysis, filename=pending["name"], token="")  # nosec B106
            return TemplateResponse(request, "actionplan/admin/import_preview.html", context)
        messages.success(request, imports.import_done_message(created=result.created, changed=result.changed))
        return HttpResponseRedirect(reverse("admin:actionplan_actionplan_change", args=[plan.pk]))

    @staticmethod
    def _discard_pending(request):
        """Delete the file waiting for this session's confirmation, if any."""
        pending = request.session.pop(SESSION_KEY, None)
        if pending:
            pending_uploads.discard(pending["token"], pending["name"])
