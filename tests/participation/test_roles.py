"""KIT staff edit participation data; the steering group reads it and the evaluation; committee members neither."""

import pytest

pytestmark = pytest.mark.django_db


def test_kit_edits_participation(kit_user):
    assert kit_user.has_perm("participation.change_finding")
    assert kit_user.has_perm("participation.add_surveyquestion")
    assert kit_user.has_perm("participation.view_surveyresponse")
    assert not kit_user.has_perm("participation.change_surveyresponse")  # anonymous answers are never edited


def test_steering_group_reads(steering_user):
    assert steering_user.has_perm("participation.view_finding")
    assert steering_user.has_perm("participation.view_surveyanswer")
    assert not steering_user.has_perm("participation.add_finding")


def test_committee_members_do_not_read_reports(committee_user):
    assert not committee_user.has_perm("participation.view_finding")
