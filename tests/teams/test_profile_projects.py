"""A public profile lists the hackathon projects the person took part in, through the teams app's hook,
and only once the project gallery is public."""

import datetime

import pytest
from django.utils import timezone

from teams.models import Submission
from teams.services import teams as team_svc

from .conftest import hackathon_settings

pytestmark = pytest.mark.django_db


def test_public_profile_lists_projects_once_the_gallery_is_public(client, hackathon, make_participant):
    ada = make_participant(hackathon, name="Ada Lovelace", public_profile=True)
    team = team_svc.create_team(hackathon, ada, "Bike Lanes")
    Submission.objects.create(
        event=hackathon, team=team, title="Safe Routes Map", summary="Where to ride.", submitted_at=timezone.now()
    )
    profile = f"/people/{ada.pk}/"
    assert "Safe Routes Map" not in client.get(profile).content.decode()  # gallery not public yet

    hackathon_settings(hackathon, gallery_public=True, submission_deadline=timezone.now() - datetime.timedelta(hours=1))
    page = client.get(profile).content.decode()
    assert "Hackathon projects" in page and "Safe Routes Map" in page
    assert "With Bike Lanes at Code and the City" in page
    assert f"/hack/{hackathon.pk}/projects/" in page


def test_drafts_never_reach_a_profile(client, hackathon, make_participant):
    ada = make_participant(hackathon, public_profile=True)
    team = team_svc.create_team(hackathon, ada, "Bike Lanes")
    Submission.objects.create(event=hackathon, team=team, title="Secret draft", summary="Not yet.")
    hackathon_settings(hackathon, gallery_public=True, submission_deadline=timezone.now() - datetime.timedelta(hours=1))
    assert "Secret draft" not in client.get(f"/people/{ada.pk}/").content.decode()
