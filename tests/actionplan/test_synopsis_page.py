"""The Synopse in the browser: what it names, who may read it, its filters, and its fixed cost."""

import pytest

from actionplan.models import ActionPlan, Measure

from ..factories import build_plan
from ..queries import count_queries
from .revisions import revise
from .synopsis_scenario import NOTES, adopted_plan, revised_with_each_change


def synopsis_url(plan, **query):
    url = f"/districts/{plan.district.slug}/plans/{plan.pk}/synopsis/"
    return url + ("?" + "&".join(f"{name}={value}" for name, value in query.items()) if query else "")


@pytest.fixture
def scenario(district):
    plan = adopted_plan(district)
    return plan, revised_with_each_change(plan)


@pytest.mark.django_db
def test_each_hand_made_change_is_named_exactly_once(kit_client, scenario):
    _adopted, draft = scenario
    page = kit_client.get(synopsis_url(draft)).content.decode()
    for note in NOTES:
        assert page.count(note) == 1, note
    assert page.count('class="synopsis-note') == len(NOTES)
    assert "Fassung 1 (beschlossen)" in page and "Fassung 2 (Entwurf)" in page


@pytest.mark.django_db
def test_changed_words_are_marked_as_insertions_and_deletions_for_screen_readers(kit_client, scenario):
    _adopted, draft = scenario
    page = kit_client.get(synopsis_url(draft)).content.decode()
    assert (
        '<del><span class="visually-hidden">[gestrichen: </span>Drei<span class="visually-hidden">]</span></del>'
        in page
    )
    assert (
        '<ins><span class="visually-hidden">[eingefügt: </span>Vier<span class="visually-hidden">]</span></ins>' in page
    )


@pytest.mark.django_db
def test_an_unchanged_measure_is_one_line(kit_client, scenario):
    _adopted, draft = scenario
    page = kit_client.get(synopsis_url(draft)).content.decode()
    assert 'colspan="2">Bewerbungstraining im Jobcenter <span class="synopsis-unchanged">(unverändert)</span>' in page


@pytest.mark.django_db
def test_the_filter_shows_changed_items_only_and_one_field(kit_client, scenario):
    adopted, draft = scenario
    everything = kit_client.get(synopsis_url(draft)).content.decode()
    changed = kit_client.get(synopsis_url(draft, changed="on")).content.decode()
    assert "Bewerbungstraining im Jobcenter" in everything
    assert "Bewerbungstraining im Jobcenter" not in changed
    assert "Maßnahme geändert: Text" in changed
    response = kit_client.get(synopsis_url(draft))
    work_key = next(key for key, name in response.context["form"].fields["field"].choices if name == "Arbeit")
    work_only = kit_client.get(synopsis_url(draft, field=work_key)).content.decode()
    assert "Bewerbungstraining im Jobcenter" in work_only
    assert "Maßnahme geändert: Text" not in work_only


@pytest.mark.django_db
def test_two_chosen_versions_are_compared_either_way(kit_client, scenario):
    adopted, draft = scenario
    page = kit_client.get(synopsis_url(adopted, old=2, new=1)).content.decode()
    assert "Maßnahme aufgeteilt" not in page
    assert "Vergleicht Fassung 2 (Entwurf) mit Fassung 1 (beschlossen)." in page
    assert kit_client.get(synopsis_url(adopted, old=7)).status_code == 404


@pytest.mark.django_db
def test_the_draft_synopsis_is_for_the_district_only(client, other_kit_user, committee_user, scenario):
    adopted, draft = scenario
    assert client.get(synopsis_url(draft)).status_code == 404
    client.force_login(other_kit_user)
    assert client.get(synopsis_url(draft)).status_code == 404
    assert client.get(synopsis_url(draft) + "pdf/").status_code == 404
    client.force_login(committee_user)
    assert client.get(synopsis_url(draft)).status_code == 200


@pytest.mark.django_db
def test_visitors_see_no_draft_in_the_synopsis_of_an_adopted_plan(client, scenario):
    adopted, _draft = scenario
    page = client.get(synopsis_url(adopted)).content.decode()
    assert "nur eine Fassung" in page
    assert "Vier Sprachkurse" not in page


@pytest.mark.django_db
def test_a_plan_with_one_version_says_there_is_nothing_to_compare(kit_client, district):
    plan = adopted_plan(district)
    page = kit_client.get(synopsis_url(plan)).content.decode()
    assert "Dieser Plan hat bisher nur eine Fassung" in page


def count_synopsis_queries(client, plan):
    with count_queries() as queries:
        response = client.get(synopsis_url(plan))
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
def test_the_synopsis_page_queries_do_not_grow_with_the_plan(kit_client, district):
    counts = []
    for size in (10, 300):
        plan = build_plan(district=district, measures=size, status=ActionPlan.Status.ADOPTED)
        draft = revise(plan)
        Measure.objects.filter(challenge__field__plan=draft, order__lt=size // 10).update(text="Geänderter Text")
        count, response = count_synopsis_queries(kit_client, draft)
        counts.append(count)
        assert response.content.decode().count("Maßnahme geändert: Text") == size // 10
    # session and user, the plans the user may read in the district, and the rows of both versions read
    # together (fields, challenges, measures, indicators, responsibilities), whatever the size
    assert counts == [9, 9]


@pytest.mark.django_db
def test_the_revision_and_its_admin_page_link_the_synopsis(kit_client, scenario):
    adopted, draft = scenario
    url = synopsis_url(draft)
    assert (
        f'<a href="{url}">Synopse: was diese Fortschreibung ändert</a>'
        in kit_client.get(draft.get_absolute_url()).content.decode()
    )
    assert url not in kit_client.get(adopted.get_absolute_url()).content.decode()
    admin_page = kit_client.get(f"/admin/actionplan/actionplan/{adopted.pk}/change/").content.decode()
    assert f'<a href="{synopsis_url(adopted)}">Synopse</a>' in admin_page
