"""The three roles as Django groups, and the permissions each one has. Synced after every migrate."""

# Group names are data that staff read in the admin, hence German.
KIT_STAFF = "KIT"
STEERING_GROUP = "Steuerungsgruppe"
COMMITTEE_MEMBERS = "Ausschussmitglieder"

# Models whose rows belong to a district and make up plans (later: papers, participation).
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
    "papers.committee",
    "papers.councilpaper",
    "papers.consultation",
    "papers.attachment",
    "papers.statuschange",
]

ALL_ACTIONS = ("view", "add", "change", "delete")

ROLE_PERMISSIONS = {
    KIT_STAFF: {model: ALL_ACTIONS for model in PLAN_MODELS + PAPER_MODELS},
    STEERING_GROUP: {model: ("view",) for model in PLAN_MODELS + PAPER_MODELS},
    COMMITTEE_MEMBERS: {model: ("view",) for model in PLAN_MODELS + PAPER_MODELS},
}
ROLE_PERMISSIONS[KIT_STAFF].update({model: ALL_ACTIONS for model in PARTICIPATION_MODELS})
ROLE_PERMISSIONS[KIT_STAFF].update({model: ("view", "delete") for model in SURVEY_RESPONSE_MODELS})
ROLE_PERMISSIONS[STEERING_GROUP].update({model: ("view",) for model in PARTICIPATION_MODELS + SURVEY_RESPONSE_MODELS})

# The steering group's workspace: members comment, select the year's measures and record indicator
# checks; committee members only read; KIT staff answer comments (admin) and may record checks too.
ROLE_PERMISSIONS[KIT_STAFF].update(
    {
        "steering.comment": ("view", "change"),
        "steering.annualselection": ("view",),
        "steering.indicatorcheck": ("view", "add"),
    }
)
ROLE_PERMISSIONS[STEERING_GROUP].update(
    {
        "steering.comment": ("view", "add"),
        "steering.annualselection": ("view", "add", "delete"),
        "steering.indicatorcheck": ("view", "add"),
    }
)
ROLE_PERMISSIONS[COMMITTEE_MEMBERS].update(
    {"steering.comment": ("view",), "steering.annualselection": ("view",), "steering.indicatorcheck": ("view",)}
)


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
