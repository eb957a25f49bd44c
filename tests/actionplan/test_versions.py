"""Versions of a plan: an adopted plan is frozen, “Fortschreibung beginnen” drafts its revision, adopting the
revision supersedes it, and both stay readable with their monitoring connected."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from actionplan import imports, services
from actionplan.exports import plan_export_bytes, plan_rows
from actionplan.models import ActionPlan, Contribution, FieldOfAction, Indicator, Measure
from papers.models import Consultation
from steering import selectors as steering_selectors
from steering import services as steering_services

from ..admin_forms import change_form_data
from ..factories import (
    ActionPlanFactory,
    ChallengeFactory,
    CrossCuttingThemeFactory,
    FieldOfActionFactory,
    GoalFactory,
    IndicatorFactory,
    MeasureFactory,
    ResponsibilityFactory,
    TargetGroupFactory,
)
from ..papers.factories import make_paper
from ..papers.test_results import record, released
from ..queries import count_queries

FROZEN = "Dieser Plan ist beschlossen und eingefroren. Für Änderungen: „Fortschreibung beginnen“"


def build_adopted_plan(district, status=ActionPlan.Status.ADOPTED):
    """A plan with a sub-field, goals, themes, a target group, indicators, responsibilities and contributors."""
    plan = ActionPlanFactory(district=district, status=ActionPlan.Status.DRAFT, acknowledgement="Danke allen.")
    top = FieldOfActionFactory(district=district, plan=plan, name="Bildung")
    sub = FieldOfActionFactory(district=district, plan=plan, name="Frühkindliche Bildung", parent=top)
    challenge = ChallengeFactory(district=district, field=sub, text="Zu wenige Kita-Plätze")
    measure = MeasureFactory(
        district=district,
        challenge=challenge,
        text="Sprachkitas ausbauen",
        target_group=TargetGroupFactory(district=district),
    )
    measure.goals.add(GoalFactory(district=district))
    measure.cross_cutting_themes.add(CrossCuttingThemeFactory(district=district))
    IndicatorFactory(district=district, measure=measure, text="Plätze", unit="Plätze", baseline=10, target=20)
    IndicatorFactory(district=district, measure=measure, text="Fachkräfte", group_heading="Personal:")
    lead = ResponsibilityFactory(district=district, measure=measure, order=1)
    ResponsibilityFactory(district=district, measure=measure, role="supporting", order=2)
    Contribution.objects.create(district=district, plan=plan, actor=lead.actor, order=1)
    ActionPlan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    return plan


def content(plan):
    """The plan's frozen content by key, as a reader compares two versions."""
    measures = Measure.objects.filter(challenge__field__plan=plan)
    return {
        "plan": (plan.title, plan.introduction, plan.acknowledgement, plan.period_start, plan.concept_id),
        "contributors": list(plan.contributions.values_list("actor_id", "order")),
        "fields": sorted(FieldOfAction.objects.filter(plan=plan).values_list("key", "name", "parent__key", "order")),
        "measures": sorted(
            (m.key, m.challenge.key, m.text, m.status, m.target_group_id, sorted(m.goals.values_list("pk", flat=True)))
            for m in measures
        ),
        "themes": sorted(measures.values_list("key", "cross_cutting_themes")),
        "indicators": sorted(
            Indicator.objects.filter(measure__in=measures).values_list(
                "key", "measure__key", "group_heading", "text", "unit", "baseline", "target", "order"
            )
        ),
        "responsibilities": sorted(
            (r.measure.key, r.actor_id, r.role, r.order)
            for m in measures
            for r in m.responsibilities.select_related("measure")
        ),
    }


def export_rows(plan):
    """The plan as its export writes it: header first, as strings, as a file read back would give them."""
    header, rows = plan_rows(plan)
    return [list(header)] + [["" if cell is None else str(cell) for cell in row] for row in rows]


def revise(client, plan):
    return client.post(reverse("admin:actionplan_revise", args=[plan.pk]), follow=True)


def adopt(plan, user, day=29):
    """The council adopts the plan as the annex of a released paper; returns the paper."""
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.CONSULTATION)
    paper = released(make_paper(district=plan.district, consultations=2, annex_plan=plan), user)
    decision = paper.consultations.get(role=Consultation.Role.DECISION)
    record(decision, user, outcome="unchanged", meeting_date=datetime.date(2025, 9, day))
    plan.refresh_from_db()
    paper.refresh_from_db()
    return paper


@pytest.fixture
def adopted(district):
    return build_adopted_plan(district)


# Starting a revision


def test_start_revision_copies_everything_frozen_keeping_the_keys(kit_client, adopted):
    response = revise(kit_client, adopted)
    revision = ActionPlan.objects.get(predecessor=adopted)
    assert (revision.version, revision.status) == (2, ActionPlan.Status.DRAFT)
    assert (
        "Fortschreibung begonnen: Fassung 2 ist ein Entwurf mit dem Inhalt von Fassung 1." in response.content.decode()
    )
    assert content(revision) == content(adopted)
    assert Measure.objects.filter(challenge__field__plan=revision).count() == 1
    assert revision.history.latest().history_path == "admin"
    assert revision.fields.get(parent__isnull=False).history.latest().history_path == "admin"


def test_a_second_revision_is_refused_with_a_link_to_the_first(kit_client, adopted):
    revise(kit_client, adopted)
    revision = ActionPlan.objects.get(predecessor=adopted)
    page = revise(kit_client, adopted).content.decode()
    assert "Es gibt bereits eine Fortschreibung dieses Plans: Fassung 2" in page
    assert reverse("admin:actionplan_actionplan_change", args=[revision.pk]) in page
    assert ActionPlan.objects.filter(predecessor=adopted).count() == 1


def test_a_draft_cannot_be_revised(district, kit_user):
    draft = build_adopted_plan(district, status=ActionPlan.Status.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.plan_start_revision(plan=draft, user=kit_user)
    assert "Nur ein beschlossener Plan kann fortgeschrieben werden." in error.value.messages


def test_another_districts_plan_cannot_be_revised(other_kit_user, client, adopted):
    client.force_login(other_kit_user)
    assert client.post(reverse("admin:actionplan_revise", args=[adopted.pk])).status_code in (403, 404)
    assert not ActionPlan.objects.filter(predecessor=adopted).exists()


# Frozen


def test_the_admin_opens_an_adopted_measure_read_only_with_the_message(kit_client, adopted):
    measure = Measure.objects.get(challenge__field__plan=adopted)
    page = kit_client.get(reverse("admin:actionplan_measure_change", args=[measure.pk])).content.decode()
    assert FROZEN in page
    assert 'name="text"' not in page
    assert 'name="status"' in page  # monitoring goes on
    assert 'name="indicators-0-actual"' in page
    assert 'name="indicators-0-text"' not in page
    assert (
        "Fortschreibung beginnen"
        in kit_client.get(reverse("admin:actionplan_actionplan_change", args=[adopted.pk])).content.decode()
    )


def test_the_admin_saves_monitoring_on_an_adopted_measure_and_ignores_its_text(kit_client, adopted):
    measure = Measure.objects.get(challenge__field__plan=adopted)
    url = reverse("admin:actionplan_measure_change", args=[measure.pk])
    data = change_form_data(kit_client.get(url))
    indicator_row = data["indicators-0-id"][0]
    data.update(status=["in_progress"], text=["Heimlich geändert"], **{"indicators-0-actual": ["12"]})
    response = kit_client.post(url, data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.text) == (Measure.Status.IN_PROGRESS, "Sprachkitas ausbauen")
    assert Indicator.objects.get(pk=indicator_row).actual == Decimal(12)
    assert content(adopted)["measures"][0][2] == "Sprachkitas ausbauen"


@pytest.mark.parametrize(
    ("model", "change"),
    [
        (ActionPlan, {"title": "Neu"}),
        (FieldOfAction, {"name": "Neu"}),
        (Measure, {"text": "Neu"}),
        (Indicator, {"target": Decimal("99")}),
    ],
)
def test_the_model_refuses_changes_to_frozen_content(adopted, model, change):
    row = (
        model.objects.filter(pk=adopted.pk).first()
        if model is ActionPlan
        else model.objects.filter(district=adopted.district).first()
    )
    for name, value in change.items():
        setattr(row, name, value)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert any(message.startswith(FROZEN) for message in error.value.messages)


def test_the_model_refuses_new_parts_in_an_adopted_plan(adopted):
    measure = Measure.objects.get(challenge__field__plan=adopted)
    new = Indicator(district=adopted.district, measure=measure, text="Neu", order=9)
    with pytest.raises(ValidationError):
        new.full_clean()


def test_monitoring_goes_on_against_the_adopted_version(adopted, steering_user):
    measure = Measure.objects.get(challenge__field__plan=adopted)
    measure.status = Measure.Status.IN_PROGRESS
    measure.full_clean()
    measure.save()
    indicator = measure.indicators.get(unit="Plätze")
    steering_services.indicator_check_record(
        indicator=indicator, user=steering_user, date=datetime.date(2026, 3, 1), status="achieved", actual=Decimal(20)
    )
    steering_services.comment_create(measure=measure, user=steering_user, text="Wie weit?")
    steering_services.selection_create(
        measure=measure, user=steering_user, year=2026, decision_date=datetime.date(2025, 11, 20)
    )
    indicator.refresh_from_db()
    assert (indicator.actual, indicator.status) == (Decimal(20), "achieved")
    assert measure.steering_comments.count() == 1
    assert measure.annual_selections.count() == 1


def test_the_import_into_an_adopted_plan_is_refused_and_writes_nothing(kit_client, adopted):
    before = content(adopted)
    rows = export_rows(adopted)
    rows[1][rows[0].index("Maßnahme")] = "Geändert"
    with pytest.raises(ValidationError) as error:
        imports.apply_import(plan=adopted, rows=rows)
    assert error.value.messages[0].startswith(FROZEN)
    page = kit_client.get(reverse("admin:actionplan_import", args=[adopted.pk]), follow=True).content.decode()
    assert FROZEN in page
    assert content(adopted) == before


def test_the_import_command_refuses_an_adopted_plan(adopted, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(plan_export_bytes(plan=adopted, file_format="csv"))
    with pytest.raises(CommandError) as error:
        call_command("import_actionplan", str(path), "--district", adopted.district.slug, "--plan", str(adopted.pk))
    assert str(error.value).startswith(FROZEN)


def test_restoring_an_earlier_version_of_an_adopted_measure_is_refused(kit_client, district):
    plan = build_adopted_plan(district, status=ActionPlan.Status.DRAFT)
    measure = Measure.objects.get(challenge__field__plan=plan)
    first = measure.history.earliest()
    measure.text = "Zweite Fassung"
    measure.save()
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.ADOPTED)
    url = reverse("admin:actionplan_measure_simple_history", args=[measure.pk, first.history_id])
    page = kit_client.post(url, {"text": "Sprachkitas ausbauen"}, follow=True).content.decode()
    assert FROZEN in page
    measure.refresh_from_db()
    assert measure.text == "Zweite Fassung"
    with pytest.raises(ValidationError):
        services.measure_parts_restore(measure=measure, end=measure.history.latest().history_date, reason="x")


# Adopting the revision


def test_adopting_the_revision_supersedes_the_old_version_and_a_corrected_decision_undoes_it(
    kit_client, kit_user, district
):
    first = build_adopted_plan(district, status=ActionPlan.Status.DRAFT)
    adopt(first, kit_user)
    revise(kit_client, first)
    revision = ActionPlan.objects.get(predecessor=first)
    paper = adopt(revision, kit_user, day=30)
    first.refresh_from_db()
    assert (first.status, revision.status) == (ActionPlan.Status.SUPERSEDED, ActionPlan.Status.ADOPTED)
    assert steering_selectors.current_plan(user=kit_user) == revision
    record(paper.consultations.get(role=Consultation.Role.DECISION), kit_user, outcome="rejected")
    first.refresh_from_db()
    assert first.status == ActionPlan.Status.ADOPTED
    assert steering_selectors.current_plan(user=kit_user) == first


def test_while_the_revision_is_drafted_the_adopted_version_stays_current(kit_client, kit_user, adopted):
    revise(kit_client, adopted)
    assert steering_selectors.current_plan(user=kit_user) == adopted


def test_pages_show_the_version_and_the_old_one_is_marked_superseded(kit_client, kit_user, district):
    first = build_adopted_plan(district, status=ActionPlan.Status.DRAFT)
    first_paper = adopt(first, kit_user)
    revise(kit_client, first)
    revision = ActionPlan.objects.get(predecessor=first)
    second_paper = adopt(revision, kit_user, day=30)
    public = Client()
    old_page = public.get(first.get_absolute_url()).content.decode()
    assert (
        f'ersetzt durch <a href="{revision.get_absolute_url()}">Fassung 2</a> (beschlossen am 30.09.2025)' in old_page
    )
    assert "Fassung 1, beschlossen vom A" in old_page and first_paper.reference in old_page
    new_page = public.get(revision.get_absolute_url()).content.decode()
    assert "Fassung 2, beschlossen vom" in new_page and second_paper.reference in new_page
    assert "Frühere Fassungen" in new_page
    assert f'<a href="{first.get_absolute_url()}">Fassung 1</a> · ersetzt' in new_page
    assert "ersetzt durch" not in new_page


def test_a_draft_revision_stays_hidden_from_the_public(kit_client, adopted):
    revise(kit_client, adopted)
    revision = ActionPlan.objects.get(predecessor=adopted)
    assert Client().get(revision.get_absolute_url()).status_code == 404
    assert Client().get(adopted.get_absolute_url()).status_code == 200
    assert kit_client.get(revision.get_absolute_url()).status_code == 200


def test_the_version_list_costs_the_same_queries_for_one_or_many_versions(client, kit_client, kit_user, district):
    first = build_adopted_plan(district, status=ActionPlan.Status.DRAFT)
    adopt(first, kit_user)
    with count_queries() as one:
        client.get(first.get_absolute_url())
    plan = first
    for day in (1, 2):
        revise(kit_client, plan)
        plan = ActionPlan.objects.get(predecessor=plan)
        adopt(plan, kit_user, day=day)
    with count_queries() as three:
        page = client.get(plan.get_absolute_url()).content.decode()
    assert page.count("· ersetzt") == 2
    # The old version's page adds one lookup: the adoption of the version that replaced it.
    with count_queries() as superseded:
        client.get(first.get_absolute_url())
    assert len(one) == len(three)
    assert len(superseded) <= len(one) + 2


# The first version stays as adopted


def plan_content(page: str) -> str:
    """The plan's content on its page: from the table of contents to the end of the plan.

    The version banner above it may gain “ersetzt durch …”; the plan's content must not change.
    """
    return page[page.index('<nav class="toc"') : page.index("</article>")]


def test_adopt_revise_adopt_again_leaves_the_first_versions_pdf_and_page_unchanged(
    client, kit_client, kit_user, district, media_root
):
    first = build_adopted_plan(district, status=ActionPlan.Status.DRAFT)
    paper = adopt(first, kit_user)
    pdf_before = client.get(paper.get_pdf_url()).getvalue()
    page_before = plan_content(client.get(first.get_absolute_url()).content.decode())
    revise(kit_client, first)
    revision = ActionPlan.objects.get(predecessor=first)
    measure = Measure.objects.get(challenge__field__plan=revision)
    measure.text = "Sprachkitas deutlich ausbauen"
    measure.full_clean()
    measure.save()
    revision.fields.filter(parent__isnull=True).update(name="Bildung und Sprache")
    adopt(revision, kit_user, day=30)
    first.refresh_from_db()
    assert first.status == ActionPlan.Status.SUPERSEDED
    assert client.get(paper.get_pdf_url()).getvalue() == pdf_before
    page_after = client.get(first.get_absolute_url()).content.decode()
    assert plan_content(page_after) == page_before
    assert "ersetzt durch" in page_after
    assert "Sprachkitas deutlich ausbauen" in client.get(revision.get_absolute_url()).content.decode()


# Import and export of versions


def test_the_import_into_a_draft_revision_keeps_the_keys(kit_client, kit_user, adopted):
    revise(kit_client, adopted)
    revision = ActionPlan.objects.get(predecessor=adopted)
    old_measure = Measure.objects.get(challenge__field__plan=adopted)
    rows = export_rows(revision)
    rows[1][rows[0].index("Maßnahme")] = "Sprachkitas in allen Gemeinden"
    result = imports.apply_import(plan=revision, rows=rows, user=kit_user)
    assert (result.analysis.is_valid, result.changed, result.created) == (True, 1, 0)
    measure = Measure.objects.get(challenge__field__plan=revision)
    assert (measure.text, measure.key) == ("Sprachkitas in allen Gemeinden", old_measure.key)
    assert Measure.objects.get(pk=old_measure.pk).text == "Sprachkitas ausbauen"


def test_every_version_can_be_exported(kit_client, kit_user, district):
    first = build_adopted_plan(district, status=ActionPlan.Status.DRAFT)
    adopt(first, kit_user)
    revise(kit_client, first)
    adopt(ActionPlan.objects.get(predecessor=first), kit_user, day=30)
    response = kit_client.get(reverse("admin:actionplan_export", args=[first.pk, "csv"]))
    assert response.status_code == 200
    assert "Sprachkitas ausbauen" in response.content.decode("utf-8-sig")


# Monitoring stays connected across versions


def test_the_measure_page_shows_the_monitoring_of_every_version(client, kit_client, steering_user, adopted):
    old = Measure.objects.get(challenge__field__plan=adopted)
    steering_services.comment_create(measure=old, user=steering_user, text="Frage zur ersten Fassung")
    indicator = old.indicators.get(unit="Plätze")
    steering_services.indicator_check_record(
        indicator=indicator, user=steering_user, date=datetime.date(2026, 3, 1), status="in_progress", actual=15
    )
    revise(kit_client, adopted)
    new = Measure.objects.get(challenge__field__plan__predecessor=adopted)
    steering_services.comment_create(measure=new, user=steering_user, text="Frage zur Fortschreibung")
    client.force_login(steering_user)
    for measure in (old, new):
        page = client.get(reverse("steering:measure_detail", args=[measure.pk])).content.decode()
        assert "Frage zur ersten Fassung" in page and "Frage zur Fortschreibung" in page
        assert "01.03.2026: in Umsetzung, 15 Plätze – steering-a" in page


def test_a_frozen_plan_offers_no_save_and_a_save_sent_anyway_is_refused(kit_client, adopted):
    """The plan's own page has nothing monitoring may change: no save buttons, and no “changed” message."""
    url = reverse("admin:actionplan_actionplan_change", args=[adopted.pk])
    response = kit_client.get(url)
    page = response.content.decode()
    assert FROZEN in page and 'name="_save"' not in page and 'name="_continue"' not in page
    data = change_form_data(response)
    data.update(title=["Heimlich geändert"])
    refused = kit_client.post(url, data, follow=True).content.decode()
    assert FROZEN in refused and "erfolgreich geändert" not in refused
    adopted.refresh_from_db()
    assert adopted.title != "Heimlich geändert"


def test_the_admins_measure_list_tells_the_versions_apart(kit_client, kit_user, adopted):
    services.plan_start_revision(plan=adopted, user=kit_user)
    page = kit_client.get(reverse("admin:actionplan_measure_changelist")).content.decode()
    # The measure of each version, each with its plan in a column of its own.
    assert f'<td class="field-plan">{adopted.title}</td>' in page
    assert f'<td class="field-plan">{adopted.title}, Fassung 2</td>' in page


@pytest.mark.parametrize(
    ("model", "parts"),
    [
        ("measure", lambda plan: Measure.objects.filter(challenge__field__plan=plan)),
        ("fieldofaction", lambda plan: FieldOfAction.objects.filter(plan=plan)),
    ],
)
def test_the_lists_delete_action_refuses_parts_of_an_adopted_plan_and_deletes_nothing(
    kit_client, kit_user, adopted, model, parts
):
    draft = build_adopted_plan(kit_user.district, status=ActionPlan.Status.DRAFT)
    chosen = [row.pk for row in [*parts(adopted), *parts(draft)]]
    url = reverse(f"admin:actionplan_{model}_changelist")
    confirmation = kit_client.post(url, {"action": "delete_selected", "_selected_action": chosen})
    # Each adopted part counts as one the user may not delete: the page says so and offers no deletion.
    assert "Maßnahme" in confirmation.context["perms_lacking"]
    response = kit_client.post(url, {"action": "delete_selected", "_selected_action": chosen, "post": "yes"})
    assert response.status_code == 403
    assert sorted(row.pk for row in [*parts(adopted), *parts(draft)]) == sorted(chosen)
    # The draft's parts alone are deleted.
    draft_parts = [row.pk for row in parts(draft)]
    kit_client.post(url, {"action": "delete_selected", "_selected_action": draft_parts, "post": "yes"})
    assert not parts(draft).exists() and parts(adopted).exists()
