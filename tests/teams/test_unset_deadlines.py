"""Participants and judges never read "not set": a deadline the organizers left empty is left out."""

import pytest
from django.urls import reverse

from teams.services import teams as team_svc

pytestmark = pytest.mark.django_db


def test_unset_deadlines_are_left_out_for_participants_and_judges(client, hackathon, make_participant, make_judge):
    captain = make_participant(hackathon, name="Cam")
    team_svc.create_team(hackathon, captain, "Bike Lanes")
    client.force_login(captain)
    for name in ("hub", "project_edit"):
        response = client.get(reverse(f"teams:{name}", args=[hackathon.pk]))
        assert response.status_code == 200, name
        assert "not set" not in response.content.decode(), name
    judge = make_judge(hackathon)
    client.force_login(judge.user)
    page = client.get(reverse("teams:judge_home", args=[hackathon.pk])).content.decode()
    assert "not set" not in page and "Judging closes" not in page
