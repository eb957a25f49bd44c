"""The plan and its district's actors and target groups as saved, as the import compares and writes them."""

from .. import spreadsheet as layout
from ..exports import export_measures
from ..models import ActionPlan, Actor, Challenge, FieldOfAction, Measure, TargetGroup


def _key(name: str) -> str:
    return layout.squash(name).lower()


class PlanState:
    """Loaded in a fixed number of queries; the writer adds what it creates."""

    def __init__(self, plan: ActionPlan):
        self.plan = plan
        self.fields = list(FieldOfAction.objects.filter(plan=plan).select_related("parent"))
        self.fields_by_path = {self.path_of(f): f for f in self.fields}
        self.challenges = list(Challenge.objects.filter(field__plan=plan))
        self.challenges_by_text: dict[tuple[int, str], Challenge] = {}
        for challenge in self.challenges:
            self.challenges_by_text.setdefault((challenge.field_id, layout.squash(challenge.text)), challenge)
        self.measures = list(export_measures(plan))
        self.measures_by_text: dict[tuple[int, str], list[Measure]] = {}
        for measure in self.measures:
            self.measures_by_text.setdefault((measure.challenge_id, layout.squash(measure.text)), []).append(measure)
        self.measures_by_id = {m.pk: m for m in self.measures}
        self._load_names(plan.district_id)

    def _load_names(self, district_id: int) -> None:
        actors = list(Actor.objects.filter(district_id=district_id))
        self.actors_by_name = {_key(a.name): a for a in actors}
        # Exported cells name an actor as the plan does: “Bundesamt für Migration und Flüchtlinge (BAMF)”.
        self.actors_by_label = {_key(str(a)): a for a in actors}
        short_names: dict[str, list[Actor]] = {}
        for actor in actors:
            if actor.short_name:
                short_names.setdefault(_key(actor.short_name), []).append(actor)
        # A short name finds an actor only where it is unambiguous.
        self.actors_by_short_name = {key: found[0] for key, found in short_names.items() if len(found) == 1}
        self.target_groups = {_key(t.name): t for t in TargetGroup.objects.filter(district_id=district_id)}

    @staticmethod
    def path_of(field_of_action: FieldOfAction) -> tuple[str, ...]:
        if field_of_action.parent_id:
            return (layout.squash(field_of_action.parent.name), layout.squash(field_of_action.name))
        return (layout.squash(field_of_action.name),)

    def actor(self, name: str) -> Actor | None:
        key = _key(name)
        return self.actors_by_name.get(key) or self.actors_by_label.get(key) or self.actors_by_short_name.get(key)

    def knows_actor(self, name: str) -> bool:
        return self.actor(name) is not None

    def target_group(self, name: str) -> TargetGroup | None:
        return self.target_groups.get(_key(name)) if name else None

    def challenge_for(self, field_of_action: FieldOfAction | None, text: str) -> Challenge | None:
        if field_of_action is None:
            return None
        return self.challenges_by_text.get((field_of_action.pk, layout.squash(text)))

    def measures_of_challenges(self) -> dict[int, set[int]]:
        measures: dict[int, set[int]] = {}
        for measure in self.measures:
            measures.setdefault(measure.challenge_id, set()).add(measure.pk)
        return measures
