"""Exports as background jobs: those of more than EXPORT_JOB_THRESHOLD rows, and the survey's.

The view queues the job and sends the user to its page; the worker writes the file, which the job page
offers for download behind its permission check. `manage.py purge_expired` deletes the files
EXPORT_RETENTION_HOURS after they were made (the job stays, saying the file is gone).
"""

import hashlib
import json
from datetime import timedelta
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .jobs import registry
from .jobs.models import Job
from .jobs.services import JobError, job_enqueue
from .scoping import scope

_EXPORT_KINDS: set[str] = set()
LIST_EXPORT_KIND = "integration_portal.list_export"


def runs_as_job(row_count: int) -> bool:
    return row_count > settings.EXPORT_JOB_THRESHOLD


def register(name: str, *, label, run, visible=None) -> None:
    """A kind of job whose result is an export file, purged after EXPORT_RETENTION_HOURS."""
    registry.register(name, label=label, run=run, visible=visible)
    _EXPORT_KINDS.add(name)


def start(*, request, kind: str, district, params: dict, title: str = "", again: str = "") -> HttpResponseRedirect:
    """Queue the export for the request's user and answer with the way to its job page.

    The same export asked for again by the same user while it waits or runs (a reload, a second click) is
    that job, not another one. `again`: the address that asks for the same export once more (default: this
    request's), offered when the file is deleted or the job failed.
    """
    same_export = json.dumps([kind, request.user.pk, params], sort_keys=True)
    content_hash = hashlib.sha256(same_export.encode()).hexdigest()
    params = {**params, "again": again or request.get_full_path()}
    job = job_enqueue(
        kind=kind, district=district, user=request.user, title=title, params=params, content_hash=content_hash
    )
    return HttpResponseRedirect(job.get_absolute_url())


def purge_old_exports() -> int:
    """Delete the files of export jobs finished more than EXPORT_RETENTION_HOURS ago; returns how many.

    The job's page then says so, and its result link starts the same export again.
    """
    hours = settings.EXPORT_RETENTION_HOURS
    limit = timezone.now() - timedelta(hours=hours)
    purged = 0
    for job in Job.objects.filter(kind__in=_EXPORT_KINDS, finished__lt=limit).exclude(result_file=""):
        job.result_file.delete(save=False)
        step = _("The file was deleted after %(hours)s hours. “Open the result” exports it again.") % {"hours": hours}
        Job.objects.filter(pk=job.pk).update(result_file="", result_url=job.params.get("again", ""), step=step)
        purged += 1
    return purged


def list_export_enqueue(*, request, model_admin, queryset, format_index: int, fields: list[str] | None):
    """A district's long list (actors, committees, target groups) from the admin's export form, as a job."""
    params = {
        "model": model_admin.model._meta.label_lower,
        "format": format_index,
        "fields": fields,
        "ids": list(queryset.values_list("pk", flat=True)),
    }
    return start(request=request, kind=LIST_EXPORT_KIND, district=request.user.district, params=params)


def run_list_export(context) -> None:
    """Writes the list as the admin's export would, for the requester's district only."""
    user, params = context.job.requested_by, context.params
    model = apps.get_model(params["model"])
    model_admin = admin.site._registry[model]
    request = SimpleNamespace(user=user)  # what the export reads of a request: the user and their district
    if user is None or not model_admin.has_export_permission(request):
        raise JobError(_("You may no longer export this list."))
    context.progress(0, 1, _("Writing the file"))
    queryset = scope(model.objects.filter(pk__in=params["ids"]), user)
    resource = model_admin.get_export_resource_classes(request)[0](**model_admin.get_export_resource_kwargs(request))
    file_format = model_admin.get_export_formats()[params["format"]]()
    data = file_format.export_data(resource.export(queryset=queryset, export_fields=params["fields"]))
    context.complete(content=data, name=model_admin.get_export_filename(request, queryset, file_format))


def register_list_export() -> None:
    register(LIST_EXPORT_KIND, label=gettext_lazy("Export of a list"), run=run_list_export)
