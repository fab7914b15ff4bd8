import datetime

import pytest
from django.utils import timezone

from teams.exceptions import TeamsError
from teams.models import AuditEntry, JoinRequest, LookingForTeam, Membership, Team
from teams.services import matching
from teams.services import teams as svc

from .conftest import hackathon_settings


@pytest.fixture
def captain(hackathon, make_participant):
    return make_participant(hackathon, name="Cam Captain", skills=["python"])


@pytest.fixture
def team(hackathon, captain):
    return svc.create_team(hackathon, captain, "Bike Lanes", "Map bike parking", ["design", "react"])


def test_creating_a_team_makes_the_creator_captain_and_member(hackathon, captain, team):
    assert team.captain == captain
    assert list(team.memberships.values_list("user", flat=True)) == [captain.pk]
    assert team.skills_wanted == ["design", "react"]
    assert AuditEntry.objects.filter(event=hackathon, action="team.created").count() == 1


def test_only_confirmed_participants_form_teams(hackathon, make_user, make_participant):
    outsider = make_user()
    with pytest.raises(TeamsError, match="confirmed participants"):
        svc.create_team(hackathon, outsider, "Nope")
    assert not Team.objects.exists()


def test_join_by_code_until_the_team_is_full(hackathon, team, make_participant):
    hackathon_settings(hackathon, max_team_size=2)
    second, third = make_participant(hackathon), make_participant(hackathon)
    svc.join_by_code(hackathon, second, team.invite_code)
    with pytest.raises(TeamsError, match="full"):
        svc.join_by_code(hackathon, third, team.invite_code)
    assert team.memberships.count() == 2
    assert not Membership.objects.filter(user=third).exists()


def test_wrong_code_is_refused(hackathon, team, make_participant):
    with pytest.raises(TeamsError, match="invite code"):
        svc.join_by_code(hackathon, make_participant(hackathon), "not-a-code")


def test_a_person_is_in_at_most_one_team_per_event(hackathon, team, make_participant):
    other = make_participant(hackathon)
    other_team = svc.create_team(hackathon, other, "Transit")
    with pytest.raises(TeamsError, match="already in a team"):
        svc.join_by_code(hackathon, other, team.invite_code)
    with pytest.raises(TeamsError, match="already in a team"):
        svc.create_team(hackathon, other, "Third")
    assert Membership.objects.get(user=other).team == other_team


def test_join_request_accepted_by_captain_only(hackathon, team, captain, make_participant):
    person, stranger = make_participant(hackathon), make_participant(hackathon)
    request = svc.request_to_join(team, person, "I do maps")
    with pytest.raises(TeamsError):
        svc.accept_request(request, stranger)
    with pytest.raises(TeamsError):
        svc.accept_request(request, person)  # cannot accept one's own request
    svc.accept_request(request, captain)
    request.refresh_from_db()
    assert request.status == "accepted"
    assert team.memberships.filter(user=person).exists()
    with pytest.raises(TeamsError, match="already been answered"):
        svc.accept_request(request, captain)


def test_declined_request_changes_nothing(hackathon, team, captain, make_participant):
    person = make_participant(hackathon)
    request = svc.request_to_join(team, person)
    with pytest.raises(TeamsError, match="already waiting"):
        svc.request_to_join(team, person)
    svc.decline_request(request, captain)
    request.refresh_from_db()
    assert request.status == "declined"
    assert not team.memberships.filter(user=person).exists()


def test_accepting_when_full_gives_a_message_and_changes_nothing(hackathon, team, captain, make_participant):
    hackathon_settings(hackathon, max_team_size=1)
    person = make_participant(hackathon)
    request = svc.request_to_join(team, person)
    with pytest.raises(TeamsError, match="full"):
        svc.accept_request(request, captain)
    request.refresh_from_db()
    assert request.status == "pending"
    assert team.memberships.count() == 1


def test_team_invitation_is_accepted_by_the_person(hackathon, team, captain, make_participant):
    person = make_participant(hackathon)
    invitation = svc.invite_to_team(team, captain, person)
    with pytest.raises(TeamsError):
        svc.accept_request(invitation, captain)
    svc.accept_request(invitation, person)
    assert team.memberships.filter(user=person).exists()


def test_non_captains_cannot_change_the_team(hackathon, team, captain, make_participant):
    member = make_participant(hackathon)
    svc.join_by_code(hackathon, member, team.invite_code)
    with pytest.raises(TeamsError, match="captain"):
        svc.update_team(team, member, "Renamed", "", [])
    with pytest.raises(TeamsError, match="captain"):
        svc.remove_member(team, member, captain)
    with pytest.raises(TeamsError, match="captain"):
        svc.transfer_captain(team, member, member)
    team.refresh_from_db()
    assert team.name == "Bike Lanes" and team.captain == captain
    assert team.memberships.count() == 2


def test_captain_transfers_and_removes(hackathon, team, captain, make_participant):
    a, b = make_participant(hackathon), make_participant(hackathon)
    svc.join_by_code(hackathon, a, team.invite_code)
    svc.join_by_code(hackathon, b, team.invite_code)
    svc.remove_member(team, captain, b)
    svc.transfer_captain(team, captain, a)
    team.refresh_from_db()
    assert team.captain == a
    assert set(team.memberships.values_list("user", flat=True)) == {captain.pk, a.pk}


def test_captain_leaving_passes_the_role_and_last_member_leaving_dissolves(hackathon, team, captain, make_participant):
    member = make_participant(hackathon)
    svc.join_by_code(hackathon, member, team.invite_code)
    svc.leave_team(team, captain)
    team.refresh_from_db()
    assert team.captain == member
    svc.leave_team(team, member)
    assert not Team.objects.filter(pk=team.pk).exists()


def test_after_formation_closes_only_organizers_change_teams(hackathon, team, captain, make_participant):
    hackathon_settings(hackathon, formation_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    person = make_participant(hackathon)
    with pytest.raises(TeamsError, match="formation has closed"):
        svc.join_by_code(hackathon, person, team.invite_code)
    with pytest.raises(TeamsError, match="formation has closed"):
        svc.leave_team(team, captain)
    svc.organizer_add_member(team, hackathon.organizer, person)
    svc.remove_member(team, hackathon.organizer, person)
    assert list(team.memberships.values_list("user", flat=True)) == [captain.pk]


def test_board_ranks_people_by_the_skills_a_team_lacks(hackathon, team, make_participant):
    designer = make_participant(hackathon, name="Dee", skills=["Design", "React"], interests=["maps"])
    pythonista = make_participant(hackathon, name="Py", skills=["python"])
    nobody = make_participant(hackathon, name="Zed", skills=[])
    for person in (nobody, pythonista, designer):
        svc.set_looking(hackathon, person, True, "hi")
    ranked = [entry.user for entry, _score in matching.people_for_team(team)]
    assert ranked[0] == designer
    assert ranked.index(pythonista) < ranked.index(nobody)  # new skills count a little, repeats nothing
    # Joining a team takes the person off the board.
    svc.join_by_code(hackathon, designer, team.invite_code)
    assert not LookingForTeam.objects.filter(user=designer).exists()


def test_board_ranks_teams_for_a_person_and_skips_full_teams(hackathon, team, make_participant):
    hackathon_settings(hackathon, max_team_size=2)
    other = svc.create_team(hackathon, make_participant(hackathon), "Data", "", ["sql"])
    person = make_participant(hackathon, skills=["react", "design"])
    ranked = [t for t, _s in matching.teams_for_person(hackathon, person, max_size=2)]
    assert ranked == [team, other]
    svc.join_by_code(hackathon, make_participant(hackathon), team.invite_code)
    assert [t for t, _s in matching.teams_for_person(hackathon, person, max_size=2)] == [other]


def test_requests_of_someone_who_joins_elsewhere_are_withdrawn(hackathon, team, make_participant):
    other = svc.create_team(hackathon, make_participant(hackathon), "Data")
    person = make_participant(hackathon)
    request = svc.request_to_join(team, person)
    svc.join_by_code(hackathon, person, other.invite_code)
    assert JoinRequest.objects.get(pk=request.pk).status == "withdrawn"
