"""The district and plan a spreadsheet command works on."""

from django.core.management.base import CommandError

from actionplan.models import ActionPlan
from integration_portal.models import District


def add_plan_arguments(parser):
    parser.add_argument("--district", required=True, help="Slug of the district, e.g. “rendsburg-eckernfoerde”.")
    parser.add_argument("--plan", type=int, help="Id of the action plan; needed only if the district has several.")


def plan_for(district_slug, plan_id):
    district = District.objects.filter(slug=district_slug).first()
    if district is None:
        raise CommandError(f"Unbekannter Kreis „{district_slug}“.")
    plans = ActionPlan.objects.filter(district=district)
    if plan_id is not None:
        plan = plans.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"Der Kreis „{district_slug}“ hat keinen Aktionsplan mit der Id {plan_id}.")
        return plan
    found = list(plans[:2])
    if not found:
        raise CommandError(f"Der Kreis „{district_slug}“ hat noch keinen Aktionsplan; legen Sie ihn im Admin an.")
    if len(found) > 1:
        listing = ", ".join(f"{plan.pk}: {plan.title}" for plan in plans)
        raise CommandError(f"Der Kreis hat mehrere Aktionspläne; wählen Sie einen mit --plan ({listing}).")
    return found[0]
