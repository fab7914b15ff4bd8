import datetime

import pytest
from django.utils import timezone

from teams.exceptions import TeamsError
from teams.models import Submission, SubmissionVersion, Track
from teams.services import submissions as svc
from teams.services import teams as team_svc

from .conftest import hackathon_settings

PAST = timezone.now() - datetime.timedelta(hours=1)


@pytest.fixture
def team(hackathon, make_participant):
    return team_svc.create_team(hackathon, make_participant(hackathon), "Bike Lanes")


@pytest.fixture
def track(hackathon):
    return Track.objects.create(event=hackathon, name="Smart city mobility")


def data(**overrides):
    base = {
        "title": "BikeSpace",
        "summary": "Report missing bike parking",
        "description": "A map.",
        "repo_url": "https://github.com/example/bikespace",
        "demo_url": "",
        "video_url": "http://youtu.be/x",
        "technologies": "Django, Leaflet, django",
    }
    return {**base, **overrides}


def test_members_submit_and_every_save_is_kept(hackathon, team, track):
    captain = team.captain
    sub = svc.save_submission(team, captain, data(tracks=[track.pk]))
    assert not sub.is_submitted
    sub = svc.save_submission(team, captain, data(title="BikeSpace 2", tracks=[track.pk]), submit=True)
    assert sub.is_submitted and sub.version == 2
    assert sub.technologies == ["Django", "Leaflet"]
    versions = list(SubmissionVersion.objects.filter(submission=sub).order_by("number"))
    assert [v.data["title"] for v in versions] == ["BikeSpace", "BikeSpace 2"]
    assert versions[1].data["tracks"] == [track.pk]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "data:text/html,hi", "not a url"])
def test_only_http_links_are_accepted(hackathon, team, url):
    with pytest.raises(TeamsError):
        svc.save_submission(team, team.captain, data(repo_url=url))
    assert not Submission.objects.exists()


def test_non_members_cannot_edit(hackathon, team, make_participant):
    svc.save_submission(team, team.captain, data())
    with pytest.raises(TeamsError, match="Only members"):
        svc.save_submission(team, make_participant(hackathon), data(title="Hijacked"))
    assert Submission.objects.get().title == "BikeSpace"


def test_tracks_of_another_event_are_refused(hackathon, team, make_event):
    other_track = Track.objects.create(event=make_event(kind="hackathon"), name="Elsewhere")
    with pytest.raises(TeamsError, match="tracks"):
        svc.save_submission(team, team.captain, data(tracks=[other_track.pk]))


def test_locked_after_deadline_until_an_organizer_reopens(hackathon, team):
    sub = svc.save_submission(team, team.captain, data(), submit=True)
    hackathon_settings(hackathon, submission_deadline=PAST)
    with pytest.raises(TeamsError, match="deadline has passed"):
        svc.save_submission(team, team.captain, data(title="Late change"))
    assert Submission.objects.get().title == "BikeSpace"
    with pytest.raises(TeamsError):
        svc.set_reopened(sub, team.captain, True)  # participants cannot reopen
    svc.set_reopened(sub, hackathon.organizer, True)
    svc.save_submission(team, team.captain, data(title="Late change"))
    svc.set_reopened(sub, hackathon.organizer, False)
    with pytest.raises(TeamsError):
        svc.save_submission(team, team.captain, data(title="Again"))
    assert Submission.objects.get().title == "Late change"


def test_minimum_team_size_to_submit(hackathon, team):
    hackathon_settings(hackathon, min_team_size=2, max_team_size=4)
    with pytest.raises(TeamsError, match="at least 2"):
        svc.save_submission(team, team.captain, data(), submit=True)


def test_drafts_are_private_and_the_gallery_opens_after_the_deadline(hackathon, team, make_participant, make_user):
    other_team = team_svc.create_team(hackathon, make_participant(hackathon), "Other")
    draft = svc.save_submission(other_team, other_team.captain, data(title="Secret draft"))
    done = svc.save_submission(team, team.captain, data(), submit=True)
    stranger = make_user()
    assert not svc.visible_submission(draft, team.captain)
    assert svc.visible_submission(draft, other_team.captain)
    assert svc.visible_submission(draft, hackathon.organizer)
    assert svc.gallery(hackathon) is None
    hackathon_settings(hackathon, submission_deadline=PAST, gallery_public=True)
    assert list(svc.gallery(hackathon)) == [done]
    assert svc.visible_submission(done, stranger)
    assert not svc.visible_submission(draft, stranger)
