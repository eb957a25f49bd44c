"""The district and plan a spreadsheet command works on."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from actionplan.models import ActionPlan
from integration_portal.commands import add_district_argument, district_for


def add_plan_argument(parser):
    parser.add_argument("--plan", type=int, help=_("Id of the action plan; needed only if the district has several."))


def add_plan_arguments(parser):
    add_district_argument(parser)
    add_plan_argument(parser)


def plan_for(district_slug, plan_id):
    plans = ActionPlan.objects.filter(district=district_for(district_slug))
    if plan_id is not None:
        plan = plans.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(
                _("The district “%(district)s” has no action plan with the id %(id)s.")
                % {"district": district_slug, "id": plan_id}
            )
        return plan
    found = list(plans[:2])
    if not found:
        raise CommandError(
            _("The district “%(district)s” has no action plan yet; create it in the admin.")
            % {"district": district_slug}
        )
    if len(found) > 1:
        listing = ", ".join(f"{plan.pk}: {plan.title}" for plan in plans)
        raise CommandError(
            _("The district has several action plans; choose one with --plan (%(plans)s).") % {"plans": listing}
        )
    return found[0]
