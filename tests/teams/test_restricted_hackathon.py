"""A password-protected hackathon: its teams cannot be created, joined or voted on by someone who has not
given the password; after giving it they can. Judges, chosen by the organizers, are not asked."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from teams.models import Membership, Team, Vote
from teams.services import submissions as sub_svc
from teams.services import teams as team_svc

from .conftest import hackathon_settings

pytestmark = pytest.mark.django_db


def url(name, event, *args):
    return reverse(f"teams:{name}", args=[event.pk, *args])


@pytest.fixture
def locked(hackathon, make_participant):
    hackathon_settings(hackathon, peoples_choice=True)
    team = team_svc.create_team(hackathon, make_participant(hackathon), "Bike Lanes")
    submission = sub_svc.save_submission(team, team.captain, {"title": "Bike map", "summary": "s"}, submit=True)
    restriction = PageViewRestriction.objects.create(page=hackathon, restriction_type="password", password="hack-pw")
    return {"event": hackathon, "team": team, "submission": submission, "restriction": restriction}


def _unlock(client, locked):
    event, restriction = locked["event"], locked["restriction"]
    unlock = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, event.pk])
    client.post(unlock, {"password": "hack-pw", "return_url": "/"})


def test_joining_creating_and_voting_are_refused_without_the_password(client, locked, make_participant):
    event, team, submission = locked["event"], locked["team"], locked["submission"]
    client.force_login(make_participant(event))
    assert client.post(url("join", event), {"code": team.invite_code}).status_code == 403
    assert client.post(url("create_team", event), {"name": "Sneaky"}).status_code == 403
    assert client.post(url("vote", event, submission.pk)).status_code == 403
    assert Membership.objects.filter(team=team).count() == 1
    assert not Team.objects.filter(name="Sneaky").exists()
    assert not Vote.objects.exists()
    for page in (url("hub", event), url("gallery", event), url("join_code", event, team.invite_code)):
        assert 'name="password"' in client.get(page).content.decode(), page


def test_after_the_password_the_participant_joins_and_votes(client, locked, make_participant):
    event, team, submission = locked["event"], locked["team"], locked["submission"]
    client.force_login(make_participant(event))
    _unlock(client, locked)
    client.post(url("join", event), {"code": team.invite_code})
    assert Membership.objects.filter(team=team).count() == 2
    other = team_svc.create_team(event, make_participant(event), "Transit")
    theirs = sub_svc.save_submission(other, other.captain, {"title": "Transit map", "summary": "s"}, submit=True)
    client.force_login(team.captain)
    _unlock(client, locked)
    client.post(url("vote", event, theirs.pk))
    assert list(Vote.objects.values_list("submission", flat=True)) == [theirs.pk]
    assert submission.pk != theirs.pk


def test_judges_are_not_asked_for_the_password(client, locked, make_judge):
    judge = make_judge(locked["event"])
    client.force_login(judge.user)
    assert client.get(url("judge_home", locked["event"])).status_code == 200
