"""The job page: state and progress, then the result; works without JavaScript and updates itself with it."""

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from integration_portal.caching import mark_private
from integration_portal.http import found_or_404
from integration_portal.uploads import serve_file

from .selectors import job_get


@never_cache
@require_safe
def job_detail(request, pk):
    job = found_or_404(job_get(user=request.user, pk=pk))
    return mark_private(render(request, "integration_portal/job_detail.html", {"job": job}))


@never_cache
@require_safe
def job_status(request, pk):
    """The state for the page's script: it updates the bar and reloads the page once the job finished."""
    job = found_or_404(job_get(user=request.user, pk=pk))
    return mark_private(
        JsonResponse(
            {
                "state": job.state,
                "state_label": job.get_state_display(),
                "finished": job.is_finished,
                "done": job.progress_done,
                "total": job.progress_total,
                "percent": job.percent,
                "step": job.step,
                "steps": job.steps_label,
            }
        )
    )


@require_safe
def job_result(request, pk):
    """The job's result: its file, for whoever may see the job, or the object it links to."""
    job = found_or_404(job_get(user=request.user, pk=pk))
    if job.state != job.State.DONE:
        return redirect(job)
    if job.result_file:
        return mark_private(serve_file(job.result_file, job.result_name or job.result_file.name.rsplit("/", 1)[-1]))
    if job.result_url:
        return redirect(job.result_url)
    raise Http404
