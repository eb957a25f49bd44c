"""The three roles as Django groups, and the permissions each one has. Synced after every migrate."""

from django.urls import reverse

# Group names are data that staff read in the admin, hence German.
KIT_STAFF = "KIT"
STEERING_GROUP = "Steuerungsgruppe"
COMMITTEE_MEMBERS = "Ausschussmitglieder"

# Models whose rows belong to a district and make up plans.
PLAN_MODELS = [
    "actionplan.actor",
    "actionplan.integrationconcept",
    "actionplan.goal",
    "actionplan.crosscuttingtheme",
    "actionplan.targetgroup",
    "actionplan.actionplan",
    "actionplan.contribution",
    "actionplan.fieldofaction",
    "actionplan.challenge",
    "actionplan.measure",
    "actionplan.indicator",
    "actionplan.responsibility",
    "actionplan.progressreport",
]

# The participation process, its formats and findings, and the survey KIT staff build.
PARTICIPATION_MODELS = [
    "participation.participationprocess",
    "participation.format",
    "participation.formatdocument",
    "participation.finding",
    "participation.survey",
    "participation.surveysection",
    "participation.surveyquestion",
    "participation.surveyoption",
]
# Anonymous answers: read in the evaluation, never edited.
SURVEY_RESPONSE_MODELS = ["participation.surveyresponse", "participation.surveyanswer"]

# Council papers: KIT staff write them, steering group and committee members read them.
PAPER_MODELS = [
    "papers.referencescheme",
    "papers.referencecounter",
    "papers.committee",
    "papers.location",
    "papers.meeting",
    "papers.agendaitem",
    "papers.councilpaper",
    "papers.consultation",
    "papers.attachment",
    "papers.statuschange",
]

ALL_ACTIONS = ("view", "add", "change", "delete")
VIEW = ("view",)


def _each(models, actions):
    return {model: actions for model in models}


# What each role may do, model by model.
ROLE_PERMISSIONS = {
    # KIT staff write plans, papers and participation records in the admin; survey answers are only read
    # (and deleted on request); in the workspace they answer comments and may record indicator checks.
    KIT_STAFF: {
        **_each(PLAN_MODELS + PAPER_MODELS + PARTICIPATION_MODELS, ALL_ACTIONS),
        **_each(SURVEY_RESPONSE_MODELS, ("view", "delete")),
        "steering.comment": ("view", "change"),
        "steering.annualselection": VIEW,
        "steering.indicatorcheck": ("view", "add"),
        # Background jobs of the district (failed ones among them), read-only.
        "integration_portal.job": VIEW,
    },
    # The steering group reads everything, comments, selects the year's measures and records checks.
    STEERING_GROUP: {
        **_each(PLAN_MODELS + PAPER_MODELS + PARTICIPATION_MODELS + SURVEY_RESPONSE_MODELS, VIEW),
        "steering.comment": ("view", "add"),
        "steering.annualselection": ("view", "add", "delete"),
        "steering.indicatorcheck": ("view", "add"),
    },
    # Committee members read plans, papers and the workspace, and write nothing.
    COMMITTEE_MEMBERS: {
        **_each(PLAN_MODELS + PAPER_MODELS, VIEW),
        **_each(["steering.comment", "steering.annualselection", "steering.indicatorcheck"], VIEW),
    },
}


def sync_role_groups(sender=None, **kwargs):
    """Create the role groups and give each exactly the permissions listed above."""
    from django.contrib.auth.models import Group, Permission

    for group_name, models in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        wanted = []
        for model_label, actions in models.items():
            app_label, model = model_label.split(".")
            codenames = [f"{action}_{model}" for action in actions]
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
        group.permissions.set(wanted)


def landing_url(user) -> str:
    """Where a user lands after login: where their role works (KIT staff and superusers in the admin, the
    steering group in its workspace, committee members in their district's papers), else the start page."""
    groups = {group.name for group in user.groups.all()}
    if user.is_superuser or KIT_STAFF in groups:
        return reverse("admin:index")
    if STEERING_GROUP in groups:
        return reverse("steering:overview")
    if COMMITTEE_MEMBERS in groups:
        return reverse("papers:paper_list", kwargs={"slug": user.district.slug})
    return reverse("actionplan:home")
