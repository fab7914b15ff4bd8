"""Joining a team as a newcomer: the invite link leads through sign-up and registration and back; asking
to join shows the request and emails the captain; leaving asks first."""

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Registration
from teams.models import JoinRequest, Membership, Team
from teams.services import teams as team_svc

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(hackathon, make_participant):
    captain = make_participant(hackathon, email="cam@example.org", name="Cam Captain")
    return team_svc.create_team(hackathon, captain, "Bike Lanes", "Safer streets", "GIS")


def invite(team):
    return reverse("teams:join_code", args=[team.event_id, team.invite_code])


def test_invite_link_for_a_visitor_offers_sign_up_and_log_in_that_come_back(client, team):
    page = client.get(invite(team)).content.decode()
    assert "Join Bike Lanes" in page and "Cam Captain" in page
    assert f'href="/accounts/signup/?next={invite(team)}"' in page
    assert f'href="/accounts/login/?next={invite(team)}"' in page
    assert "Join this team" not in page
    # Joining itself needs a login.
    response = client.post(reverse("teams:join", args=[team.event_id]), {"code": team.invite_code})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Membership.objects.count() == 1


def test_invite_link_for_someone_not_registered_offers_registration_then_returns(client, hackathon, team, make_user):
    newcomer = make_user(name="Nia Newcomer")
    client.force_login(newcomer)
    page = client.get(invite(team)).content.decode()
    occurrence = hackathon.occurrences.get()
    register_url = reverse("events:register", args=[occurrence.pk]) + "?next=" + invite(team).replace("/", "%2F")
    assert register_url in page and "Join this team" not in page

    response = client.post(register_url, {})
    assert response.status_code == 302 and response["Location"] == invite(team)
    assert Registration.objects.get(user=newcomer).status == "confirmed"
    page = client.get(invite(team)).content.decode()
    assert "Join this team" in page
    client.post(reverse("teams:join", args=[team.event_id]), {"code": team.invite_code})
    assert Membership.objects.filter(team=team, user=newcomer).exists()


def test_register_ignores_a_next_address_on_another_site(client, hackathon, make_user):
    client.force_login(make_user())
    occurrence = hackathon.occurrences.get()
    url = reverse("events:register", args=[occurrence.pk]) + "?next=https://evil.example/"
    response = client.post(url, {})
    assert response["Location"] == reverse("events:me")


def test_invite_link_tells_a_waitlisted_person_to_wait(client, hackathon, team, make_user):
    person = make_user()
    Registration.objects.create(user=person, occurrence=hackathon.occurrences.get(), status="waitlisted")
    client.force_login(person)
    page = client.get(invite(team)).content.decode()
    assert "You are on the event's waitlist" in page and "Join this team" not in page


def test_invite_link_for_someone_already_in_another_team(client, hackathon, team, make_participant):
    other = make_participant(hackathon)
    team_svc.create_team(hackathon, other, "Transit")
    client.force_login(other)
    page = client.get(invite(team)).content.decode()
    assert "You are already in Transit" in page and "Join this team" not in page


def test_asking_to_join_shows_the_pending_request_and_emails_the_captain(
    client, hackathon, team, make_participant, django_capture_on_commit_callbacks
):
    asker = make_participant(hackathon, name="Ada Lovelace", skills=["Python"])
    client.force_login(asker)
    team_url = reverse("teams:team", args=[hackathon.pk, team.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("teams:team_action", args=[hackathon.pk, team.pk, "request"]), {"message": "I map bike lanes"}
        )
    assert response["Location"] == team_url
    request = JoinRequest.objects.get()
    assert request.status == "pending" and request.user == asker

    page = client.get(team_url).content.decode()
    assert "Request sent" in page and "waiting for Cam Captain" in page and "I map bike lanes" in page
    assert "Send request" not in page
    assert "You asked to join Bike Lanes." in client.get(reverse("teams:hub", args=[hackathon.pk])).content.decode()

    [message] = mail.outbox
    assert message.to == ["cam@example.org"]
    assert message.subject == "Ada Lovelace asks to join Bike Lanes"
    assert message.body.startswith("Hello Cam Captain,")
    assert "I map bike lanes" in message.body and "Python" in message.body
    assert f"http://testserver{team_url}" in message.body

    # Withdrawing from the same page.
    client.post(reverse("teams:answer_request", args=[hackathon.pk, request.pk, "decline"]))
    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert "Send request" in client.get(team_url).content.decode()


def test_a_refused_request_sends_no_email(client, hackathon, team, make_user, django_capture_on_commit_callbacks):
    client.force_login(make_user())  # not registered for the event
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("teams:team_action", args=[hackathon.pk, team.pk, "request"]), {"message": "hi"})
    assert mail.outbox == [] and not JoinRequest.objects.exists()


def test_an_invited_person_sees_the_invitation_on_the_team_page(client, hackathon, team, make_participant):
    person = make_participant(hackathon)
    team_svc.invite_to_team(team, team.captain, person)
    client.force_login(person)
    page = client.get(reverse("teams:team", args=[hackathon.pk, team.pk])).content.decode()
    assert "You are invited" in page and "Bike Lanes invited you to join." in page


def test_leaving_a_team_asks_first(client, hackathon, team, make_participant):
    member = make_participant(hackathon, name="Mo Member")
    team_svc.join_by_code(hackathon, member, team.invite_code)
    leave = reverse("teams:leave_team", args=[hackathon.pk, team.pk])

    client.force_login(team.captain)
    team_page = client.get(reverse("teams:team", args=[hackathon.pk, team.pk])).content.decode()
    assert f'href="{leave}"' in team_page  # a link to the confirmation, not a one-click form
    confirm = client.get(leave)
    assert confirm.status_code == 200
    assert "Mo Member becomes captain when you leave." in confirm.content.decode()
    assert Membership.objects.filter(team=team).count() == 2  # asking changed nothing

    response = client.post(leave)
    assert response["Location"] == reverse("teams:hub", args=[hackathon.pk])
    team.refresh_from_db()
    assert team.captain == member and Membership.objects.filter(team=team).count() == 1


def test_the_last_member_is_told_the_team_goes_away(client, hackathon, team):
    client.force_login(team.captain)
    leave = reverse("teams:leave_team", args=[hackathon.pk, team.pk])
    assert "the team is deleted when you leave" in client.get(leave).content.decode()
    client.post(leave)
    assert not Team.objects.exists()


def test_only_members_can_open_the_leave_page(client, hackathon, team, make_participant):
    outsider = make_participant(hackathon)
    client.force_login(outsider)
    leave = reverse("teams:leave_team", args=[hackathon.pk, team.pk])
    assert client.get(leave)["Location"] == reverse("teams:team", args=[hackathon.pk, team.pk])
    client.post(leave)
    assert Membership.objects.filter(team=team).count() == 1
    client.logout()
    assert "/accounts/login/" in client.get(leave)["Location"]


def test_hub_leaves_out_unset_deadlines(client, hackathon):
    page = client.get(reverse("teams:hub", args=[hackathon.pk])).content.decode()
    assert "not set" not in page
    assert "Submission deadline" not in page
