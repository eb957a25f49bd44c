"""Write the Synopse of two versions of a plan as a PDF, by default its current draft against its adopted version."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from actionplan.models import ActionPlan
from actionplan.synopsis.pdf import synopsis_pdf
from actionplan.synopsis.selectors import comparison_among, plan_versions
from actionplan.synopsis.snapshot import version_name
from integration_portal.commands import FileCommand

from ._plan_option import plan_for


class Command(FileCommand):
    help = _("Write the synopsis of two versions of an action plan as a PDF.")

    def add_file_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help=_("Id of any version of the action plan."))
        parser.add_argument(
            "--from", type=int, dest="old", help=_("Number of the earlier version; default: the adopted one.")
        )
        parser.add_argument(
            "--to", type=int, dest="new", help=_("Number of the newer version; default: the current draft.")
        )

    def make_file(self, *, district, plan, old=None, new=None, **options):
        plan = plan_for(district, plan)
        district_plans = ActionPlan.objects.filter(district=plan.district)
        try:
            comparison = comparison_among(plans=district_plans, pk=plan.pk, old=old, new=new)
        except LookupError as error:
            versions = plan_versions(plan=plan, visible=list(district_plans))
            numbers = ", ".join(str(version.version) for version in versions)
            raise CommandError(
                _("The plan “%(plan)s” has no version %(version)s (its versions: %(versions)s).")
                % {"plan": plan.title, "version": error.args[0], "versions": numbers}
            ) from error
        if comparison.synopsis is None:
            raise CommandError(
                _("The plan “%(plan)s” has only one version: there is no synopsis to write. Start a revision first.")
                % {"plan": plan.title}
            )
        pdf = synopsis_pdf(plan=comparison.plan, new=comparison.new, synopsis=comparison.synopsis)
        return (
            pdf,
            _("Synopsis of %(old)s and %(new)s: written to %(file)s"),
            {"old": version_name(comparison.old), "new": version_name(comparison.new)},
        )
