"""What the steering group sees: overview figures, the filtered list, the measure page; and who may see it."""

import re
from collections import Counter

import pytest
from django.db import connection
from django.urls import reverse

from steering.selectors import plan_measures, search_fallback

from ..factories import ActorFactory, MeasureFactory, UserFactory
from .factories import AnnualSelectionFactory, CommentFactory

pytestmark = pytest.mark.django_db

LIST = reverse("steering:measure_list")


def listed(response):
    return [measure.text for measure in response.context["measures"]]


def test_anonymous_users_are_sent_to_the_login(client, small_plan):
    for url in [reverse("steering:overview"), LIST, reverse("steering:measure_detail", args=[small_plan["jobs"].pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_user_without_role_is_refused(client, district, small_plan):
    client.force_login(UserFactory(district=district))
    assert client.get(LIST).status_code == 403


def test_overview_counts_measures_per_top_level_field_and_status(steering_client, small_plan):
    response = steering_client.get(reverse("steering:overview"))
    assert response.status_code == 200
    rows = {row["field"].name: row for row in response.context["rows"]}
    # The sub-field "Berufseinstieg" counts into "Arbeit".
    assert list(rows) == ["Sprache", "Arbeit"]
    assert rows["Arbeit"]["counts"]["in_progress"] == 1
    assert rows["Arbeit"]["counts"]["completed"] == 1
    assert rows["Arbeit"]["total"] == 2
    assert rows["Sprache"]["progress"] == 50  # one of two indicators achieved
    content = response.content.decode()
    work = small_plan["work"]
    # Each figure links to the list filtered the same way, and that list holds as many measures.
    link = f'href="{LIST}?field={work.pk}&amp;status=completed"'
    assert link in content
    assert listed(steering_client.get(LIST, {"field": work.pk, "status": "completed"})) == [
        "Praktikumsbörse für junge Geflüchtete"
    ]
    assert "Übersicht" in content and "in Umsetzung" in content


def test_list_filters_combine_and_live_in_the_url(steering_client, small_plan):
    jobcenter = small_plan["jobcenter"]
    assert len(listed(steering_client.get(LIST))) == 3
    assert set(listed(steering_client.get(LIST, {"actor": jobcenter.pk}))) == {
        "Schaffung von Transparenz der Sprachkurs-Landschaft",
        "Beratung zur Anerkennung ausländischer Abschlüsse",
    }
    # Actor and role must match the same responsibility: the Jobcenter leads only one measure.
    assert listed(steering_client.get(LIST, {"actor": jobcenter.pk, "role": "lead"})) == [
        "Beratung zur Anerkennung ausländischer Abschlüsse"
    ]
    assert listed(steering_client.get(LIST, {"actor": jobcenter.pk, "status": "planned"})) == [
        "Schaffung von Transparenz der Sprachkurs-Landschaft"
    ]
    assert listed(steering_client.get(LIST, {"status": ["planned", "completed"]})) == [
        "Schaffung von Transparenz der Sprachkurs-Landschaft",
        "Praktikumsbörse für junge Geflüchtete",
    ]
    assert len(listed(steering_client.get(LIST, {"field": small_plan["work"].pk}))) == 2
    assert len(listed(steering_client.get(LIST, {"field": small_plan["early"].pk}))) == 1
    assert listed(steering_client.get(LIST, {"target_group": small_plan["pupils"].pk})) == [
        "Beratung zur Anerkennung ausländischer Abschlüsse"
    ]
    assert listed(steering_client.get(LIST, {"theme": small_plan["women"].pk})) == [
        "Beratung zur Anerkennung ausländischer Abschlüsse"
    ]
    response = steering_client.get(LIST, {"actor": jobcenter.pk, "role": "lead"})
    content = response.content.decode()
    assert "Akteur:" in content and "Jobcenter Rendsburg- Eckernförde" in content
    # The export links keep the filters.
    assert f"export.xlsx?actor={jobcenter.pk}&amp;role=lead" in content


def test_list_filters_by_selection_year_and_open_comments(steering_client, district, small_plan):
    AnnualSelectionFactory(district=district, measure=small_plan["jobs"], year=2025)
    AnnualSelectionFactory(district=district, measure=small_plan["entry"], year=2026)
    CommentFactory(district=district, measure=small_plan["courses"])
    answered = CommentFactory(district=district, measure=small_plan["entry"])
    answered.answered_at = answered.created
    answered.save()
    assert listed(steering_client.get(LIST, {"year": 2026})) == ["Praktikumsbörse für junge Geflüchtete"]
    assert listed(steering_client.get(LIST, {"year": 2025})) == ["Beratung zur Anerkennung ausländischer Abschlüsse"]
    assert listed(steering_client.get(LIST, {"open_comments": "true"})) == [
        "Schaffung von Transparenz der Sprachkurs-Landschaft"
    ]
    assert len(listed(steering_client.get(LIST, {"open_comments": "false"}))) == 2
    content = steering_client.get(LIST).content.decode()
    assert '<option value="2026">2026</option>' in content


def test_invalid_filter_value_says_what_is_wrong(steering_client, small_plan):
    response = steering_client.get(LIST, {"status": "unknown"})
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()


def test_search_finds_challenge_measure_and_indicator_texts(steering_client, small_plan):
    assert listed(steering_client.get(LIST, {"q": "Anerkennung"})) == [
        "Beratung zur Anerkennung ausländischer Abschlüsse"
    ]
    assert listed(steering_client.get(LIST, {"q": "Fachkräfte"})) == [
        "Beratung zur Anerkennung ausländischer Abschlüsse"
    ]
    assert listed(steering_client.get(LIST, {"q": "Sprachkursabfrage"})) == [
        "Schaffung von Transparenz der Sprachkurs-Landschaft"
    ]
    assert listed(steering_client.get(LIST, {"q": "Sprachkursabfrage", "status": "completed"})) == []


def test_search_uses_german_stemming_on_postgresql_and_substrings_elsewhere(steering_client, small_plan):
    # "Praktikumsbörsen" and "Praktikumsbörse" share the German stem; a substring search needs the exact word.
    found = listed(steering_client.get(LIST, {"q": "Praktikumsbörsen"}))
    if connection.vendor == "postgresql":
        assert found == ["Praktikumsbörse für junge Geflüchtete"]
    else:
        assert found == []
        assert listed(steering_client.get(LIST, {"q": "praktikumsbörse"})) == ["Praktikumsbörse für junge Geflüchtete"]


def test_fallback_search_works_on_every_database(steering_user, small_plan):
    measures = plan_measures(user=steering_user, plan=small_plan["plan"])
    assert [m.text for m in search_fallback(measures, "Sprachkurs Träger")] == [
        "Schaffung von Transparenz der Sprachkurs-Landschaft"
    ]
    assert list(search_fallback(measures, "Sprachkurs Arbeit")) == []


def test_list_paginates(steering_client, district, small_plan):
    for index in range(30):
        MeasureFactory(district=district, challenge__field=small_plan["language"], text=f"Weitere Maßnahme {index}")
    first = steering_client.get(LIST)
    assert len(first.context["measures"]) == 25
    assert "Seite 1 von 2" in first.content.decode()
    assert len(steering_client.get(LIST, {"page": 2}).context["measures"]) == 8


def test_measure_page_shows_the_whole_measure(steering_client, district, small_plan):
    from actionplan.models import ProgressReport

    courses = small_plan["courses"]
    ProgressReport.objects.create(
        district=district, measure=courses, date="2025-05-01", status="in_progress", text="Abfrage läuft"
    )
    ProgressReport.objects.create(
        district=district, measure=courses, date="2026-02-01", status="in_progress", text="Übersicht erstellt"
    )
    AnnualSelectionFactory(district=district, measure=courses, year=2025, note="Hoher Bedarf")
    response = steering_client.get(reverse("steering:measure_detail", args=[courses.pk]))
    content = response.content.decode()
    for text in [
        "Angebote zur Sprachförderung sind in der Fläche teilweise unbekannt",
        "Schaffung von Transparenz der Sprachkurs-Landschaft",
        "regelhafte Sprachkursabfrage bei den Trägern",
        "1 von 2 Indikatoren erreicht",
        "Verantwortlich",
        "Koordinierungsstelle Integration und Teilhabe",
        "Begleitend",
        "Jobcenter Rendsburg- Eckernförde",
        "Hoher Bedarf",
        "Kommentar schreiben",
    ]:
        assert text in content, text
    # The timeline runs newest first.
    assert content.index("Übersicht erstellt") < content.index("Abfrage läuft")

    jobs = small_plan["jobs"]
    content = steering_client.get(reverse("steering:measure_detail", args=[jobs.pk])).content.decode()
    assert "Arbeit:" in content and "Ziel 120 Beratungen" in content
    assert "Schulpflichtige Schüler und Auszubildende" in content and "Frauen" in content


def test_another_districts_measure_is_404(client, other_district, small_plan):
    client.force_login(UserFactory(district=other_district, role="Steuerungsgruppe"))
    assert client.get(reverse("steering:measure_detail", args=[small_plan["jobs"].pk])).status_code == 404
    # Their workspace has no plan of this district either.
    assert client.get(LIST).status_code == 404


def test_committee_reads_but_sees_no_forms(committee_client, small_plan):
    response = committee_client.get(reverse("steering:measure_detail", args=[small_plan["courses"].pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Schaffung von Transparenz der Sprachkurs-Landschaft" in content
    assert "Kommentar schreiben" not in content
    assert "Für ein Jahr auswählen" not in content
    assert "Prüfung erfassen" not in content
    assert "<textarea" not in content


def test_the_actor_filter_says_it_matches_any_role_unless_one_is_chosen(steering_client, small_plan):
    content = steering_client.get(LIST).content.decode()
    assert (
        "Maßnahmen, an denen der Akteur in irgendeiner Rolle beteiligt ist, außer unten ist eine Rolle gewählt."
        in content
    )
    assert "Verantwortlicher Akteur" not in content


@pytest.mark.usefixtures("empty_cache")
def test_the_filter_form_is_rendered_once_and_shows_a_new_actor_or_a_wrong_value_at_once(
    steering_client, district, small_plan
):
    def rendered_fields(response):
        return [template.name for template in response.templates if template.name.endswith("field.html")]

    url = reverse("steering:measure_list")
    first = steering_client.get(url)
    again = steering_client.get(url)
    assert rendered_fields(first) and not rendered_fields(again)
    form = re.search(r'<form method="get".*?</form>', again.content.decode(), re.S)[0]
    assert form in first.content.decode() and "Jobcenter Rendsburg- Eckernförde" in form

    ActorFactory(district=district, name="Diakonisches Werk")
    assert "Diakonisches Werk" in steering_client.get(url).content.decode()
    wrong = steering_client.get(url + "?actor=999999").content.decode()
    assert "Bitte eine gültige Auswahl treffen" in wrong


def test_every_id_on_the_measure_page_is_unique(steering_client, small_plan):
    html = steering_client.get(reverse("steering:measure_detail", args=[small_plan["courses"].pk])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert "comment-submit" in ids and "selection-submit" in ids
    assert [value for value, count in Counter(ids).items() if count > 1] == []
