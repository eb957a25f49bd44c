"""The plan's background jobs: a large import's confirmed write, and a large plan export.

The import job reads the waiting upload (`pending_uploads`, so IMPORT_UPLOAD_DIR is shared by the web
servers and the workers), checks every row first, outside any transaction, so that its page shows how many
rows are checked, then writes all or nothing. The write, its record (`AppliedImport`) and the job's
completion commit together: a job run again after a crash finds either nothing written or the job done,
and never imports the file twice.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal import export_jobs, pending_uploads
from integration_portal.jobs import registry
from integration_portal.jobs.models import Job
from integration_portal.jobs.services import JobContext, JobError, job_enqueue

from . import imports
from .exports import export_filename, plan_export_bytes
from .models import ActionPlan, AppliedImport

IMPORT_KIND = "actionplan.import"
EXPORT_KIND = "actionplan.export"
# A failed import names its row errors on the job page within this many characters; the rest are counted.
MESSAGE_LENGTH = 1900


def import_runs_as_job(row_count: int) -> bool:
    return row_count > settings.IMPORT_JOB_THRESHOLD


def import_enqueue(*, plan: ActionPlan, user, token: str, filename: str, row_count: int):
    """Queue the confirmed import of the waiting upload; the job deletes the file when it is done."""
    return job_enqueue(
        kind=IMPORT_KIND,
        district=plan.district,
        user=user,
        params={"plan": plan.pk, "token": token, "filename": filename, "rows": row_count},
    )


def _plan(context: JobContext) -> ActionPlan:
    plan = ActionPlan.objects.filter(pk=context.params["plan"], district_id=context.job.district_id).first()
    if plan is None:
        raise JobError(_("The action plan no longer exists."))
    return plan


def _errors_message(analysis: imports.Analysis) -> str:
    """The failure as the job page shows it: what happened, then as many row errors as the page holds."""
    intro = _(
        "Nothing was imported: the plan was changed since the preview, and the file no longer fits it. "
        "Please upload the file again and check the preview. %(errors)s"
    )
    errors = [str(error) for error in analysis.all_errors]
    shown = []
    for error in errors:
        if len(intro) + len(" ".join([*shown, error])) > MESSAGE_LENGTH:
            break
        shown.append(error)
    if len(shown) < len(errors):
        shown.append(_("… and %(count)s more.") % {"count": len(errors) - len(shown)})
    return intro % {"errors": " ".join(shown)}


def _finish_import(context: JobContext, plan: ActionPlan, created: int, changed: int) -> None:
    """Done, linking the plan; the page says what was written. Inside the transaction of the write."""
    context.complete(url=reverse("admin:actionplan_actionplan_change", args=[plan.pk]))
    summary = imports.import_done_message(created=created, changed=changed)
    Job.objects.filter(pk=context.job.pk).update(step=summary[:200])


def run_import(context: JobContext) -> None:
    plan, params = _plan(context), context.params
    token, filename = params["token"], params["filename"]
    # A failed import offers to start again with the upload form.
    Job.objects.filter(pk=context.job.pk).update(result_url=reverse("admin:actionplan_import", args=[plan.pk]))
    applied = AppliedImport.objects.filter(token=token, plan=plan).first()
    if applied is not None:  # written by an earlier attempt whose end was lost: only finish
        with transaction.atomic():
            _finish_import(context, plan, applied.created_count, applied.changed_count)
        pending_uploads.discard(token, filename)
        return
    data = pending_uploads.read(token, filename)
    if data is None:
        raise JobError(_("The uploaded file has expired or was deleted. Please upload it again."))
    rows = imports.read_table(data, filename)

    def report(done: int, total: int, step: str) -> None:
        context.progress(done, total, imports.STEP_LABELS[step])

    # Checked before the write, outside its transaction, so that the progress shows while it runs.
    check = imports.analyse(plan=plan, rows=rows, progress=report)
    if not check.is_valid:
        pending_uploads.discard(token, filename)
        raise JobError(_errors_message(check))
    context.progress(len(rows) - 1, len(rows) - 1, imports.STEP_LABELS[imports.WRITING])
    with transaction.atomic():
        result = imports.apply_import(
            plan=plan,
            rows=rows,
            user=context.job.requested_by,
            filename=filename,
            token=token,
            file_hash=imports.file_hash(data),
        )
        # Invalid now (the plan changed since the check): nothing was written, the file goes all the same.
        failure = None if result.analysis.is_valid or result.already_applied else _errors_message(result.analysis)
        if failure is None:
            _finish_import(context, plan, result.created, result.changed)
    pending_uploads.discard(token, filename)
    if failure is not None:
        raise JobError(failure)


def export_enqueue(*, request, plan: ActionPlan, file_format: str):
    return export_jobs.start(
        request=request, kind=EXPORT_KIND, district=plan.district, params={"plan": plan.pk, "format": file_format}
    )


def run_export(context: JobContext) -> None:
    plan, file_format = _plan(context), context.params["format"]
    context.progress(0, 1, _("Writing the file"))
    data = plan_export_bytes(plan=plan, file_format=file_format, user=context.job.requested_by)
    context.complete(content=data, name=export_filename(plan, file_format))


def may_see(*, job, user) -> bool:
    """Besides the requester: the district's KIT staff, who may import and export the plan themselves."""
    from .admin_spreadsheets import may_exchange_spreadsheets

    return user.is_authenticated and user.district_id == job.district_id and may_exchange_spreadsheets(user)


def register() -> None:
    registry.register(IMPORT_KIND, label=gettext_lazy("Import into an action plan"), run=run_import, visible=may_see)
    export_jobs.register(EXPORT_KIND, label=gettext_lazy("Export of an action plan"), run=run_export, visible=may_see)
