"""The district and plan a spreadsheet command works on."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from actionplan.models import ActionPlan
from integration_portal.models import District


def add_plan_arguments(parser):
    parser.add_argument("--district", required=True, help=_("Slug of the district, e.g. “rendsburg-eckernfoerde”."))
    parser.add_argument("--plan", type=int, help=_("Id of the action plan; needed only if the district has several."))


def plan_for(district_slug, plan_id):
    district = District.objects.filter(slug=district_slug).first()
    if district is None:
        raise CommandError(_("Unknown district “%(district)s”.") % {"district": district_slug})
    plans = ActionPlan.objects.filter(district=district)
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
