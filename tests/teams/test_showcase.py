"""The showcase and results pages: images, demo videos, gallery filters and messages, judges' feedback,
the public podiums and the organizer's results page (permissions both ways, bad input never a 500)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from teams.models import Criterion, JudgeAssignment, Prize, Submission, Track
from teams.services import results, scoring
from teams.services import submissions as sub_svc
from teams.services import teams as team_svc

from .conftest import hackathon_settings


def url(name, event, *args):
    return reverse(f"teams:{name}", args=[event.pk, *args])


def png_bytes(size=(40, 30), color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def project(hackathon, make_participant):
    def build(team_name, title, tracks=()):
        team = team_svc.create_team(hackathon, make_participant(hackathon), team_name)
        data = {"title": title, "summary": f"{title} summary", "tracks": [t.pk for t in tracks]}
        return sub_svc.save_submission(team, team.captain, data, submit=True)

    return build


def test_team_uploads_an_image_which_is_reencoded_and_served_only_where_the_project_is_visible(
    client, hackathon, project, make_user
):
    sub = project("Bike Lanes", "BikeSpace")
    captain = sub.team.captain
    client.force_login(captain)
    upload = SimpleUploadedFile("shot.png", png_bytes(), content_type="image/png")
    response = client.post(url("project_image_upload", hackathon), {"image": upload}, follow=True)
    assert "Image saved" in response.content.decode()
    sub.refresh_from_db()
    assert sub.image.name.endswith(".jpg")  # re-encoded: no alpha, so JPEG, metadata gone
    served = client.get(url("project_image", hackathon, sub.pk))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).size == (40, 30)
    # Not a real image, a fake extension, an empty form: a clear message, nothing stored.
    for bad in (
        SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png"),
        SimpleUploadedFile("x.gif", b"GIF89a" + b"\x00" * 20, content_type="image/gif"),
    ):
        response = client.post(url("project_image_upload", hackathon), {"image": bad}, follow=True)
        assert "not an image we can read" in response.content.decode()
    response = client.post(url("project_image_upload", hackathon), {}, follow=True)
    assert "Choose an image file" in response.content.decode()
    sub.refresh_from_db()
    assert sub.image.name.endswith(".jpg")
    # Someone else cannot see it while the gallery is closed, nor replace it.
    client.force_login(make_user())
    assert client.get(url("project_image", hackathon, sub.pk)).status_code == 404
    assert client.get(url("project_image", hackathon, 99999)).status_code == 404
    client.post(url("project_image_upload", hackathon), {"image": SimpleUploadedFile("y.png", png_bytes())})
    sub.refresh_from_db()
    assert sub.image.name.endswith(".jpg")
    # Once the gallery is public, everyone sees it; the team can remove it.
    hackathon_settings(
        hackathon, gallery_public=True, submission_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.logout()
    assert client.get(url("project_image", hackathon, sub.pk)).status_code == 200
    assert url("project_image", hackathon, sub.pk) in client.get(url("gallery", hackathon)).content.decode()


def test_image_upload_respects_the_deadline(hackathon, project):
    sub = project("Transit", "Transit")
    hackathon_settings(hackathon, submission_deadline=timezone.now() - datetime.timedelta(minutes=1))
    from teams.exceptions import TeamsError

    with pytest.raises(TeamsError, match="locked"):
        sub_svc.set_image(sub, sub.team.captain, SimpleUploadedFile("y.png", png_bytes()))


def test_gallery_filters_by_track_and_prize(client, hackathon, project):
    mobility = Track.objects.create(event=hackathon, name="Mobility")
    a = project("Team A", "Bus Buddy", tracks=[mobility])
    b = project("Team B", "Park Finder")
    hackathon_settings(
        hackathon, gallery_public=True, submission_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = client.get(url("gallery", hackathon)).content.decode()
    assert "Bus Buddy" in page and "Park Finder" in page
    page = client.get(url("gallery", hackathon) + f"?track={mobility.pk}").content.decode()
    assert "Bus Buddy" in page and "Park Finder" not in page
    for junk in ("?track=abc", "?track=99999", "?track=1e99"):
        response = client.get(url("gallery", hackathon) + junk)
        assert response.status_code == 200 and "Park Finder" in response.content.decode()
    # A NUL byte is refused for the whole site, before any view (guards.middleware).
    assert client.get(url("gallery", hackathon) + "?prize=%00").status_code == 400
    prize = Prize.objects.create(event=hackathon, name="Grand prize", place=1)
    hackathon_settings(hackathon, judging_closes_at=timezone.now())
    Prize.objects.filter(pk=prize.pk).update(winner=b)
    hackathon_settings(hackathon, results_published_at=timezone.now())
    page = client.get(url("gallery", hackathon) + f"?prize={prize.pk}").content.decode()
    assert "Park Finder" in page and "Bus Buddy" not in page
    assert a


def test_gallery_messages_never_contradict_each_other(client, hackathon, project, make_participant):
    project("Team A", "Bus Buddy")
    now = timezone.now()
    hackathon_settings(
        hackathon,
        peoples_choice=True,
        voting_opens_at=now - datetime.timedelta(hours=1),
        submission_deadline=now - datetime.timedelta(hours=1),
        gallery_public=False,
    )
    # A visitor: voting is open to checked-in participants; the gallery itself is not public yet.
    page = client.get(url("gallery", hackathon)).content.decode()
    assert "open to participants checked in" in page and "Bus Buddy" not in page
    assert "opens after the submission deadline" not in page
    # A checked-in participant sees the projects, told why, and can vote.
    client.force_login(make_participant(hackathon))
    page = client.get(url("gallery", hackathon)).content.decode()
    assert "Bus Buddy" in page and "Vote for Bus Buddy" in page
    assert "not public yet" in page and "opens after the submission deadline" not in page
    # Someone registered but not checked in: no vote buttons, no claim that they may vote.
    client.force_login(make_participant(hackathon, checked_in=False))
    page = client.get(url("gallery", hackathon)).content.decode()
    assert "Vote for" not in page and "checked in" in page


def test_feedback_reaches_the_team_only_after_results_are_published(client, hackathon, project, make_judge):
    sub = project("Team A", "Bus Buddy")
    criterion = Criterion.objects.create(event=hackathon, name="Impact")
    judge = make_judge(hackathon)
    JudgeAssignment.objects.create(judge=judge, submission=sub)
    client.force_login(judge.user)
    response = client.post(
        url("judge_score", hackathon, sub.pk), {f"criterion-{criterion.pk}": "4", "feedback": "Great demo, add a map."}
    )
    assert response.status_code == 302
    assert scoring.my_feedback(judge, sub) == "Great demo, add a map."
    too_long = client.post(
        url("judge_score", hackathon, sub.pk), {f"criterion-{criterion.pk}": "4", "feedback": "x" * 2001}
    )
    assert too_long.status_code == 400 and "2,000" in too_long.content.decode()
    client.force_login(sub.team.captain)
    assert "Great demo" not in client.get(url("project", hackathon, sub.pk)).content.decode()
    hackathon_settings(hackathon, judging_closes_at=timezone.now())
    results.publish_results(hackathon, hackathon.organizer)
    page = client.get(url("project", hackathon, sub.pk)).content.decode()
    assert "Great demo, add a map." in page and judge.user.email not in page
    # Published projects are public, but the feedback is for the team (and organizers) only.
    client.logout()
    page = client.get(url("project", hackathon, sub.pk)).content.decode()
    assert "Bus Buddy" in page and "Great demo" not in page


def test_score_inputs_are_large_labelled_radio_buttons(client, hackathon, project, make_judge):
    sub = project("Team A", "Bus Buddy")
    Criterion.objects.create(event=hackathon, name="Impact")
    judge = make_judge(hackathon)
    JudgeAssignment.objects.create(judge=judge, submission=sub)
    client.force_login(judge.user)
    page = client.get(url("judge_score", hackathon, sub.pk)).content.decode()
    assert page.count('class="scale__option"') == 5 and 'name="feedback"' in page


def test_public_results_show_podiums_ties_and_a_project_named_after_its_team_once(
    client, hackathon, project, make_judge, make_participant
):
    mobility = Track.objects.create(event=hackathon, name="Mobility")
    same = project("BikeSpace", "BikeSpace", tracks=[mobility])
    other = project("Team Orange", "Park Finder")
    third = project("Team Green", "Tree Map")
    criterion = Criterion.objects.create(event=hackathon, name="Impact")
    judge = make_judge(hackathon)
    for sub, value in ((same, 5), (other, 4), (third, 2)):
        JudgeAssignment.objects.create(judge=judge, submission=sub)
        scoring.save_scores(judge, judge.user, sub, {criterion.pk: value})
    Prize.objects.create(event=hackathon, name="Grand prize", place=1)
    Prize.objects.create(event=hackathon, name="Mobility prize", place=1, track=mobility)
    pc = Prize.objects.create(event=hackathon, name="People's Choice", place=1, peoples_choice=True)
    now = timezone.now()
    hackathon_settings(hackathon, peoples_choice=True, judging_closes_at=now, voting_closes_at=now)
    from teams.models import Vote

    for sub in (other, third):
        Vote.objects.create(event=hackathon, user=make_participant(hackathon), submission=sub)
    assert client.get(url("results", hackathon)).status_code == 404
    results.publish_results(hackathon, hackathon.organizer)
    page = client.get(url("results", hackathon)).content.decode()
    assert page.count("BikeSpace") >= 2 and "by BikeSpace" not in page  # named once, never "BikeSpace by BikeSpace"
    assert "by Team Orange" in page
    assert "Track: Mobility" in page and "People&#x27;s Choice" in page and "Tie" in page
    assert "Full ranking" in page
    pc.refresh_from_db()
    assert {pc.winner, *pc.tied.all()} == {other, third}
    # The event page's panel says it is a tie too.
    assert "tie between" in client.get(url("hub", hackathon)).content.decode()


def test_organizer_results_page_shows_intervals_views_and_diagnostics(client, hackathon, project, make_judge):
    subs = [project(f"Team {i}", f"Project {i}") for i in range(4)]
    criterion = Criterion.objects.create(event=hackathon, name="Impact")
    Prize.objects.create(event=hackathon, name="Grand prize", place=1)
    judges_ = [make_judge(hackathon) for _ in range(3)]
    for j, judge in enumerate(judges_):
        for i, sub in enumerate(subs):
            JudgeAssignment.objects.create(judge=judge, submission=sub)
            scoring.save_scores(judge, judge.user, sub, {criterion.pk: min(5, 5 - i + (j == 1))})
    client.force_login(hackathon.organizer)
    page = client.get(url("results", hackathon)).content.decode()
    assert "95% interval" in page
    assert "3 judges' views" in page
    assert "<svg" in page and "Leniency" in page and "Agreement" in page
    assert "Judging is still open" in page and "Close judging and voting now" in page
    # Voiding a judge from the diagnostics refits without them and comes back to this page.
    response = client.post(url("organize_action", hackathon, "judge-void"), {"id": judges_[1].pk, "next": "results"})
    assert response.status_code == 302 and response["Location"] == url("results", hackathon)
    judges_[1].refresh_from_db()
    assert judges_[1].voided_at is not None
    assert "2 judges' views" in client.get(url("results", hackathon)).content.decode()
    response = client.post(url("organize_action", hackathon, "publish"), follow=True)
    assert "Judging is still open" in response.content.decode()
    assert not Submission.objects.filter(prizes__isnull=False).exists()
    response = client.post(url("organize_action", hackathon, "second-round"), {"extra": "-3"}, follow=True)
    assert "1 to 10" in response.content.decode()
    client.post(url("organize_action", hackathon, "close-judging"))
    response = client.post(url("organize_action", hackathon, "publish"), follow=True)
    assert "Results published" in response.content.decode()
    # Not for anyone else: the organizer actions are 404s, the page is the public one.
    client.force_login(subs[0].team.captain)
    assert client.post(url("organize_action", hackathon, "second-round"), {"extra": "2"}).status_code == 404
    assert client.post(url("organize_action", hackathon, "close-judging")).status_code == 404
    page = client.get(url("results", hackathon)).content.decode()
    assert "<svg" not in page and "95% interval" not in page


def test_results_gallery_and_judging_pages_are_valid_html(client, hackathon, project, make_judge, make_participant):
    from tests.html_checker import html_errors

    mobility = Track.objects.create(event=hackathon, name="Mobility")
    subs = [project("BikeSpace", "BikeSpace", tracks=[mobility]), project("Team Orange", "Park Finder")]
    sub_svc.set_image(subs[0], subs[0].team.captain, SimpleUploadedFile("a.png", png_bytes()))
    criterion = Criterion.objects.create(event=hackathon, name="Impact")
    judges_ = [make_judge(hackathon) for _ in range(3)]
    for judge in judges_:
        for value, sub in enumerate(subs, start=3):
            JudgeAssignment.objects.create(judge=judge, submission=sub)
            scoring.save_scores(judge, judge.user, sub, {criterion.pk: value}, feedback="Good")
    Prize.objects.create(event=hackathon, name="Grand prize", place=1)
    Prize.objects.create(event=hackathon, name="Mobility prize", place=1, track=mobility)
    pages = {}
    client.force_login(judges_[0].user)
    pages["judge score"] = client.get(url("judge_score", hackathon, subs[0].pk)).content.decode()
    client.force_login(subs[0].team.captain)
    pages["project form"] = client.get(url("project_edit", hackathon)).content.decode()
    client.force_login(hackathon.organizer)
    pages["organizer results"] = client.get(url("results", hackathon)).content.decode()
    results.close_judging_and_voting(hackathon, hackathon.organizer)
    hackathon_settings(
        hackathon, gallery_public=True, submission_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    results.publish_results(hackathon, hackathon.organizer)
    client.force_login(subs[0].team.captain)
    pages["project with feedback"] = client.get(url("project", hackathon, subs[0].pk)).content.decode()
    client.logout()
    pages["public results"] = client.get(url("results", hackathon)).content.decode()
    pages["gallery"] = client.get(url("gallery", hackathon) + f"?track={mobility.pk}").content.decode()
    errors = html_errors(pages)
    assert errors == {}, errors
