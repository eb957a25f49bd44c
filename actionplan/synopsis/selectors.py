"""Reading two versions of a plan for their Synopse, with a fixed number of queries."""

from dataclasses import dataclass

from integration_portal.models import User

from ..models import ActionPlan
from .layout import Synopsis, synopsis
from .snapshot import plan_snapshots


class NoSecondVersion(Exception):
    """The plan has one version only: there is nothing to compare."""


@dataclass
class Comparison:
    """Two versions of a plan and their Synopse; `old`, `new` and `synopsis` are None if the plan has
    one version only."""

    plan: ActionPlan
    versions: list[ActionPlan]
    old: ActionPlan | None = None
    new: ActionPlan | None = None
    synopsis: Synopsis | None = None


def plan_versions(*, plan: ActionPlan, visible: list[ActionPlan]) -> list[ActionPlan]:
    """The versions of `plan`'s line (predecessors and revisions) among `visible`, oldest first."""
    by_pk = {candidate.pk: candidate for candidate in visible}
    by_predecessor = {candidate.predecessor_id: candidate for candidate in visible if candidate.predecessor_id}
    first = plan
    while first.predecessor_id in by_pk:
        first = by_pk[first.predecessor_id]
    line = [first]
    while line[-1].pk in by_predecessor:
        line.append(by_predecessor[line[-1].pk])
    return line


def default_pair(versions: list[ActionPlan]) -> tuple[ActionPlan, ActionPlan]:
    """The adopted version and the current draft; else the two latest versions."""
    if len(versions) < 2:
        raise NoSecondVersion
    adopted = [version for version in versions if version.status == ActionPlan.Status.ADOPTED]
    drafts = [version for version in versions if version.is_draft]
    if adopted and drafts:
        return adopted[-1], drafts[-1]
    return versions[-2], versions[-1]


def pick_pair(versions: list[ActionPlan], old: int | None, new: int | None) -> tuple[ActionPlan, ActionPlan]:
    """The versions numbered `old` and `new`, defaults from `default_pair`. Raises NoSecondVersion or
    LookupError (a number the line does not have)."""
    default_old, default_new = default_pair(versions)
    by_number = {version.version: version for version in versions}
    try:
        return by_number[old] if old else default_old, by_number[new] if new else default_new
    except KeyError as error:
        raise LookupError(error.args[0]) from error


def plan_comparison(
    *, user: User, district_slug: str, pk: int, old: int | None = None, new: int | None = None
) -> Comparison | None:
    """The Synopse of two versions of the plan `pk`, or None if the user may not read the plan.

    Six queries whatever the plan's size: the user's plans of the district, and the two versions' rows.
    Raises LookupError for a version number the plan does not have.
    """
    visible = ActionPlan.objects.visible_to(user).filter(district__slug=district_slug)
    return comparison_among(plans=visible, pk=pk, old=old, new=new)


def comparison_among(*, plans, pk: int, old: int | None = None, new: int | None = None) -> Comparison | None:
    """As `plan_comparison`, among the plans of the queryset `plans` (a district's, for a command)."""
    candidates = list(plans.select_related("district"))
    plan = next((candidate for candidate in candidates if candidate.pk == pk), None)
    if plan is None:
        return None
    versions = plan_versions(plan=plan, visible=candidates)
    try:
        old_plan, new_plan = pick_pair(versions, old, new)
    except NoSecondVersion:
        return Comparison(plan, versions)
    return Comparison(plan, versions, old_plan, new_plan, versions_synopsis(old=old_plan, new=new_plan))


def versions_synopsis(*, old: ActionPlan, new: ActionPlan) -> Synopsis:
    """The Synopse of two plan versions, both read at once (five queries)."""
    snapshots = plan_snapshots([old, new])
    return synopsis(snapshots[old.pk], snapshots[new.pk])
