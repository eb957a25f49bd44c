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
