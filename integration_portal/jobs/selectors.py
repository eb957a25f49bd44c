"""Reading jobs: who may see which."""

from .models import Job
from .registry import get_kind


def job_visible(*, job: Job, user) -> bool:
    """The requester sees their job; others only if the job's kind lets them see what it works on (a paper's
    PDF: whoever may open the paper); kinds that say nothing: the district's staff."""
    if user.is_authenticated and job.requested_by_id == user.pk:
        return True
    kind = get_kind(job.kind)
    if kind is not None and kind.visible is not None:
        return kind.visible(job=job, user=user)
    return user.is_authenticated and user.is_staff and user.district_id == job.district_id


def job_get(*, user, pk) -> Job | None:
    """The job if the user may see it, else None (the view answers 404)."""
    job = Job.objects.select_related("district").filter(pk=pk).first()
    if job is None or not job_visible(job=job, user=user):
        return None
    return job
