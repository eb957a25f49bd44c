"""Writing an analysed file into the plan: one step per model, all inside one transaction."""

import hashlib
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from integration_portal import history
from integration_portal.audit import log_event

from .. import freezing
from .. import spreadsheet as layout
from ..models import (
    ActionPlan,
    Actor,
    AppliedImport,
    Challenge,
    FieldOfAction,
    Indicator,
    Measure,
    Responsibility,
    TargetGroup,
)
from ..plan_tables import plan_tables_held
from .analysis import analyse, heading_key, indicator_keys, item_keys
from .rows import CHANGED, CHILD_CHANGES, NEW, WRITING, Analysis, Progress, Row
from .state import PlanState


@dataclass
class ImportResult:
    analysis: Analysis
    created: int = 0
    changed: int = 0
    # True when the upload had been written before (a job run again): nothing was written this time.
    already_applied: bool = False


def file_hash(data: bytes) -> str:
    """The SHA-256 of the file as recorded with its import."""
    return hashlib.sha256(data).hexdigest()


def import_done_message(*, created: int, changed: int) -> str:
    """“Import abgeschlossen: 1 neue Maßnahme, 2 geänderte Maßnahmen.” in the active language."""
    new = ngettext("%(count)s new measure", "%(count)s new measures", created) % {"count": created}
    changed_text = ngettext("%(count)s changed measure", "%(count)s changed measures", changed) % {"count": changed}
    return _("Import done: %(new)s, %(changed)s.") % {"new": new, "changed": changed_text}


def apply_import(
    *,
    plan: ActionPlan,
    rows: list[list[str]],
    user: AbstractBaseUser | None = None,
    path: str = history.IMPORT,
    filename: str = "",
    token: str = "",
    file_hash: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """Writes the file into the plan, all or nothing; if `analysis.is_valid` is False, nothing is written.

    With a `token` (the upload's name) the write is recorded in its own transaction: the same upload is
    never written twice, whether a job runs again after a crash or a confirmation arrives twice.
    `progress(done, total, step)` hears how far the analysis and the write have come.
    Raises ValidationError (`freezing.FROZEN_MESSAGE`) for an adopted plan.
    """
    with transaction.atomic(), history.history_path(path):
        # One import per plan at a time; rows saved by others meanwhile are found by the analysis.
        # An adopted plan is frozen: refused before anything is read or written.
        freezing.ensure_plan_not_frozen(ActionPlan.objects.select_for_update().filter(pk=plan.pk).first())
        applied = AppliedImport.objects.filter(token=token).first() if token else None
        if applied is not None:
            return ImportResult(Analysis(plan=plan), applied.created_count, applied.changed_count, already_applied=True)
        analysis = analyse(plan=plan, rows=rows, progress=progress)
        result = ImportResult(analysis)
        if analysis.is_valid and analysis.has_changes:
            # Every row is in this plan: its tables are dropped once, after the last row.
            with plan_tables_held(plan.pk):
                _Writer(analysis, user, path, progress).write(result)
        if token and analysis.is_valid:
            AppliedImport.objects.create(
                token=token,
                plan=plan,
                filename=filename[:255],
                file_hash=file_hash,
                created_count=result.created,
                changed_count=result.changed,
                user=user,
            )
        log_event(
            "import",
            user=user,
            plan=plan.pk,
            file=filename,
            path=path,
            valid=analysis.is_valid,
            new=result.created,
            changed=result.changed,
        )
        return result


def _highest_orders(objects: list[models.Model], parent_attribute: str) -> dict[int, int]:
    """The highest `order` among the objects of each parent, so that new ones go last."""
    orders: dict[int, int] = {}
    for obj in objects:
        parent_id = getattr(obj, parent_attribute)
        orders[parent_id] = max(orders.get(parent_id, 0), obj.order)
    return orders


class _Writer:
    def __init__(self, analysis: Analysis, user: AbstractBaseUser | None, path: str, progress: Progress | None = None):
        self.analysis = analysis
        self.progress = progress
        self.plan = analysis.plan
        self.district_id = self.plan.district_id
        self.user = user
        self.path = path
        self.state = PlanState(self.plan)

    def _bulk(self, objects: list[models.Model], model: type[models.Model]) -> list[models.Model]:
        if not objects:
            return []
        # The path goes into its own column (history_path, from the active path); the reason stays free.
        return bulk_create_with_history(objects, model, default_user=self.user)

    def _save(self, obj: models.Model) -> None:
        obj._history_user = self.user
        obj.save()

    def _delete(self, obj: models.Model) -> None:
        obj._history_user = self.user
        obj.delete()

    def write(self, result: ImportResult) -> None:
        rows = [row for row in self.analysis.rows if row.state in (NEW, CHANGED)]
        # Actors and target groups first: rows refer to them.
        steps = [
            self._write_actors,
            self._write_target_groups,
            lambda: self._write_fields(rows),
            lambda: self._write_challenges(rows),
            lambda: self._write_measures(rows, result),
            lambda: self._write_indicators(rows),
            lambda: self._write_responsibilities(rows),
        ]
        for done, step in enumerate(steps, start=1):
            step()
            if self.progress is not None:
                self.progress(done, len(steps), WRITING)

    def _write_actors(self) -> None:
        max_length = Actor._meta.get_field("name").max_length
        actors = [Actor(district_id=self.district_id, name=name[:max_length]) for name in self.analysis.new_actors]
        for actor in self._bulk(actors, Actor):
            self.state.actors_by_name[layout.squash(actor.name).lower()] = actor

    def _write_target_groups(self) -> None:
        groups = [TargetGroup(district_id=self.district_id, name=name) for name in self.analysis.new_target_groups]
        for group in self._bulk(groups, TargetGroup):
            self.state.target_groups[layout.squash(group.name).lower()] = group

    def _write_fields(self, rows: list[Row]) -> None:
        """Fields the file names and the plan lacks, parents before their sub-fields, after the existing ones."""
        state = self.state
        order = max([f.order for f in state.fields], default=0)
        for row in rows:
            for depth in range(1, len(row.field_path) + 1):
                path = row.field_path[:depth]
                if path in state.fields_by_path:
                    continue
                order += 1
                parent = state.fields_by_path[path[:1]] if depth == 2 else None
                new_field = FieldOfAction(
                    district_id=self.district_id, plan=self.plan, parent=parent, name=path[-1], order=order
                )
                self._save(new_field)
                state.fields_by_path[path] = new_field

    def _write_challenges(self, rows: list[Row]) -> None:
        """Challenges are found by text in their field, renamed where safe, or created in file order."""
        state = self.state
        orders = _highest_orders(state.challenges, "field_id")
        new_challenges: dict[tuple[int, str], Challenge] = {}
        renamable = self._renamable_challenges()
        # Challenge texts the file still uses; a challenge whose text no row uses any more may be renamed.
        texts_in_file = {
            (state.fields_by_path[row.field_path].pk, layout.squash(row.challenge_text))
            for row in self.analysis.rows
            if row.field_path in state.fields_by_path
        }
        for row in rows:
            field_of_action = state.fields_by_path[row.field_path]
            key = (field_of_action.pk, layout.squash(row.challenge_text))
            challenge = state.challenge_for(field_of_action, row.challenge_text)
            if challenge is None:
                challenge = new_challenges.get(key)
            if challenge is None and row.measure is not None and row.measure.challenge_id in renamable:
                challenge = self._rename_challenge(row, field_of_action, key, texts_in_file)
            if challenge is None:
                orders[field_of_action.pk] = orders.get(field_of_action.pk, 0) + 1
                challenge = Challenge(
                    district_id=self.district_id,
                    field=field_of_action,
                    text=row.challenge_text,
                    sub_points=row.challenge_points,
                    order=orders[field_of_action.pk],
                )
                new_challenges[key] = challenge
            elif challenge.pk and layout.squash(challenge.sub_points) != layout.squash(row.challenge_points):
                challenge.sub_points = row.challenge_points
                self._save(challenge)
            row.challenge = challenge
        self._bulk(list(new_challenges.values()), Challenge)

    def _renamable_challenges(self) -> set[int]:
        """Challenges all of whose measures are in the file: a partial file must not rename others' challenge."""
        in_file = {row.measure.pk for row in self.analysis.rows if row.measure is not None}
        return {pk for pk, measures in self.state.measures_of_challenges().items() if measures <= in_file}

    def _rename_challenge(
        self, row: Row, field_of_action: FieldOfAction, key: tuple[int, str], texts_in_file: set[tuple[int, str]]
    ) -> Challenge | None:
        """The row's old challenge takes the new text, if no row of the file still uses the old one."""
        state = self.state
        old = row.measure.challenge
        old_key = (old.field_id, layout.squash(old.text))
        if old.field_id != field_of_action.pk or old_key in texts_in_file:
            return None
        challenge = state.challenges_by_text.pop(old_key, None)
        if challenge is not None:
            challenge.text, challenge.sub_points = row.challenge_text, row.challenge_points
            self._save(challenge)
            state.challenges_by_text[key] = challenge
        return challenge

    def _write_measures(self, rows: list[Row], result: ImportResult) -> None:
        orders = _highest_orders(self.state.measures, "challenge_id")
        new_measures = []
        for row in rows:
            target_group = self.state.target_group(row.target_group_name)
            if row.measure is None:
                orders[row.challenge.pk] = orders.get(row.challenge.pk, 0) + 1
                row.measure = Measure(
                    district_id=self.district_id,
                    challenge=row.challenge,
                    text=row.measure_text,
                    sub_points=row.measure_points,
                    status=row.status or Measure.Status.PLANNED,
                    target_group=target_group,
                    order=orders[row.challenge.pk],
                )
                row.is_new = True
                new_measures.append(row.measure)
                result.created += 1
            else:
                self._update_measure(row, target_group)
                result.changed += 1
        self._bulk(new_measures, Measure)

    def _update_measure(self, row: Row, target_group: TargetGroup | None) -> None:
        measure = row.measure
        measure.challenge = row.challenge
        measure.text = row.measure_text
        measure.sub_points = row.measure_points
        if row.status:
            measure.status = row.status
        if row.has_column(layout.TARGET_GROUP):
            measure.target_group = target_group
        # Indicators and responsibilities are rows of their own: changing only them leaves the measure.
        if row.change_codes - CHILD_CHANGES:
            self._save(measure)

    def _write_children(self, rows: list[Row], column: str, related_name: str, model: type, step) -> None:
        """A measure's rows of `model` from `column`: `step` keeps, reorders or deletes them; new ones in bulk."""
        created = []
        for row in rows:
            if row.has_column(column):
                existing = [] if row.is_new else list(getattr(row.measure, related_name).all())
                created += step(row, existing)
        self._bulk(created, model)

    def _write_indicators(self, rows: list[Row]) -> None:
        self._write_children(rows, layout.INDICATORS, "indicators", Indicator, self._indicators)

    def _indicators(self, row: Row, existing: list[Indicator]) -> list[Indicator]:
        """New indicators to create; existing ones are kept (with their figures), reordered or deleted."""
        wanted = item_keys(row.indicators)
        if indicator_keys(existing) == wanted:
            return []
        available: dict[tuple[str, str], list[Indicator]] = {}
        for indicator in existing:
            key = (heading_key(indicator.group_heading), layout.squash(indicator.text))
            available.setdefault(key, []).append(indicator)
        created, kept = [], set()
        for order, ((heading, text), key) in enumerate(zip(row.indicators, wanted, strict=True), start=1):
            match = available.get(key)
            if match:
                indicator = match.pop(0)
                kept.add(indicator.pk)
                if indicator.order != order:
                    indicator.order = order
                    self._save(indicator)
            else:
                created.append(
                    Indicator(
                        district_id=self.district_id, measure=row.measure, group_heading=heading, text=text, order=order
                    )
                )
        for indicator in existing:
            if indicator.pk not in kept:
                self._delete(indicator)
        return created

    def _write_responsibilities(self, rows: list[Row]) -> None:
        self._write_children(rows, layout.RESPONSIBILITIES, "responsibilities", Responsibility, self._responsibilities)

    def _responsibilities(self, row: Row, existing: list[Responsibility]) -> list[Responsibility]:
        """New responsibilities to create; existing ones of the same actor and role are kept and updated."""
        wanted = [(self.state.actor(name), role, note) for name, role, note in row.responsibilities]
        if [(r.actor_id, r.role, layout.squash(r.note)) for r in existing] == [
            (actor.pk, role, note) for actor, role, note in wanted
        ]:
            return []
        available: dict[tuple[int, str], Responsibility] = {}
        for responsibility in existing:
            available.setdefault((responsibility.actor_id, responsibility.role), responsibility)
        created, kept = [], set()
        for order, (actor, role, note) in enumerate(wanted, start=1):
            responsibility = available.pop((actor.pk, role), None)
            if responsibility is None:
                created.append(
                    Responsibility(
                        district_id=self.district_id,
                        measure=row.measure,
                        actor=actor,
                        role=role,
                        note=note,
                        order=order,
                    )
                )
                continue
            kept.add(responsibility.pk)
            if responsibility.order != order or layout.squash(responsibility.note) != note:
                responsibility.order, responsibility.note = order, note
                self._save(responsibility)
        for responsibility in existing:
            if responsibility.pk not in kept:
                self._delete(responsibility)
        return created
