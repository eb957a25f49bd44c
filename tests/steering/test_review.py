"""Members comment on a measure and may edit their own comment for a short while; KIT staff answer in the admin."""

from datetime import timedelta

import pytest
from django.urls import reverse

from steering.models import Comment

from ..factories import UserFactory
from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def detail(measure):
    return reverse("steering:measure_detail", args=[measure.pk])


def test_member_comments_with_author_and_time(steering_client, steering_user, small_plan):
    steering_user.first_name, steering_user.last_name = "Stefan", "Gruber"
    steering_user.save()
    measure = small_plan["courses"]
    response = steering_client.post(
        reverse("steering:comment_create", args=[measure.pk]), {"text": "Wer pflegt die Übersicht?"}, follow=True
    )
    content = response.content.decode()
    comment = Comment.objects.get()
    assert comment.author == steering_user and comment.district == measure.district
    assert "Ihr Kommentar wurde veröffentlicht." in content
    assert "Wer pflegt die Übersicht?" in content and "Stefan Gruber" in content
    assert comment.created.astimezone().strftime("%d.%m.%Y") in content
    assert "Kommentar bearbeiten" in content


def test_empty_comment_is_refused_in_german(steering_client, small_plan):
    measure = small_plan["courses"]
    response = steering_client.post(reverse("steering:comment_create", args=[measure.pk]), {"text": " "})
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not Comment.objects.exists()


def test_own_comment_is_editable_for_a_short_time_only(steering_client, steering_user, district, settings, small_plan):
    settings.STEERING_COMMENT_EDIT_MINUTES = 15
    comment = CommentFactory(district=district, measure=small_plan["courses"], author=steering_user, text="Erst")
    url = reverse("steering:comment_update", args=[comment.pk])
    assert "bis" in steering_client.get(url).content.decode()
    steering_client.post(url, {"text": "Korrigiert"})
    comment.refresh_from_db()
    assert comment.text == "Korrigiert"

    Comment.objects.filter(pk=comment.pk).update(created=comment.created - timedelta(minutes=16))
    assert steering_client.get(url).status_code == 403
    assert steering_client.post(url, {"text": "Zu spät"}).status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Korrigiert"
    assert "Kommentar bearbeiten" not in steering_client.get(detail(small_plan["courses"])).content.decode()


def test_nobody_edits_someone_elses_comment(steering_client, district, small_plan):
    other = UserFactory(district=district, role="Steuerungsgruppe")
    comment = CommentFactory(district=district, measure=small_plan["courses"], author=other, text="Meins")
    assert steering_client.post(reverse("steering:comment_update", args=[comment.pk]), {"text": "x"}).status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Meins"


def test_committee_may_neither_comment_nor_select(committee_client, small_plan):
    measure = small_plan["courses"]
    response = committee_client.post(reverse("steering:comment_create", args=[measure.pk]), {"text": "x"})
    assert response.status_code == 403
    response = committee_client.post(
        reverse("steering:selection_create", args=[measure.pk]), {"year": 2026, "decision_date": "2026-01-01"}
    )
    assert response.status_code == 403
    assert not Comment.objects.exists() and not measure.annual_selections.exists()


def test_another_districts_measure_cannot_be_commented(client, other_district, small_plan):
    client.force_login(UserFactory(district=other_district, role="Steuerungsgruppe"))
    response = client.post(reverse("steering:comment_create", args=[small_plan["courses"].pk]), {"text": "x"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_kit_sees_open_comments_in_the_admin_and_marks_them_answered(
    kit_client, kit_user, district, other_district, small_plan
):
    open_comment = CommentFactory(district=district, measure=small_plan["courses"], text="Offene Frage")
    answered = CommentFactory(district=district, measure=small_plan["jobs"], text="Erledigte Frage")
    answered.answered_at = answered.created
    answered.save()
    foreign = CommentFactory(district=other_district, text="Fremde Frage")
    changelist = reverse("admin:steering_comment_changelist")
    content = kit_client.get(changelist).content.decode()
    assert "Offene Frage" in content
    assert "Erledigte Frage" not in content and "Fremde Frage" not in content
    content = kit_client.get(changelist, {"answered": "all"}).content.decode()
    assert "Offene Frage" in content and "Erledigte Frage" in content and "Fremde Frage" not in content

    response = kit_client.post(
        changelist,
        {"action": "mark_answered", "_selected_action": [open_comment.pk, foreign.pk]},
        follow=True,
    )
    assert "1 Kommentar als beantwortet markiert." in response.content.decode()
    open_comment.refresh_from_db()
    foreign.refresh_from_db()
    assert open_comment.answered_by == kit_user and not open_comment.is_open
    assert foreign.is_open

    # The member sees the answer mark on the measure page and can no longer edit.
    steering = UserFactory(district=district, role="Steuerungsgruppe")
    kit_client.force_login(steering)
    content = kit_client.get(detail(small_plan["courses"])).content.decode()
    assert "beantwortet" in content


def test_steering_group_has_no_admin_for_comments(steering_client):
    response = steering_client.get(reverse("admin:steering_comment_changelist"))
    assert response.status_code == 302
