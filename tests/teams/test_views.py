"""The pages: permissions both ways, bad input answered with a message (never a 500), nothing changed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EventPage
from teams.models import Criterion, JudgeAssignment, Membership, Score, Submission, Team, Vote
from teams.services import submissions as sub_svc
from teams.services import teams as team_svc

from .conftest import hackathon_settings


@pytest.fixture
def team(hackathon, make_participant):
    return team_svc.create_team(hackathon, make_participant(hackathon, name="Cam"), "Bike Lanes")


def url(name, event, *args):
    return reverse(f"teams:{name}", args=[event.pk, *args])


def test_hub_lists_teams_for_anyone_and_404s_for_other_kinds(client, hackathon, team, make_event):
    response = client.get(url("hub", hackathon))
    assert response.status_code == 200 and "Bike Lanes" in response.content.decode()
    meetup = make_event(kind="meetup")
    assert client.get(reverse("teams:hub", args=[meetup.pk])).status_code == 404
    assert client.get(reverse("teams:hub", args=[999999])).status_code == 404


def test_participant_creates_a_team_and_a_friend_joins_with_the_link(client, hackathon, make_participant):
    alice, bob = make_participant(hackathon), make_participant(hackathon)
    client.force_login(alice)
    response = client.post(url("create_team", hackathon), {"name": "Transit", "skills_wanted": "design, sql"})
    team = Team.objects.get()
    assert response.status_code == 302 and response["Location"] == url("team", hackathon, team.pk)
    page = client.get(url("team", hackathon, team.pk)).content.decode()
    assert team.invite_code in page
    client.force_login(bob)
    assert client.get(url("join_code", hackathon, team.invite_code)).status_code == 200
    client.post(url("join", hackathon), {"code": team.invite_code})
    assert Membership.objects.filter(team=team).count() == 2
    # Bob is not captain: he cannot rename the team or remove Alice.
    response = client.post(url("team_action", hackathon, team.pk, "edit"), {"name": "Mine"}, follow=True)
    assert "Only the team&#x27;s captain" in response.content.decode()
    client.post(url("team_action", hackathon, team.pk, "remove"), {"user": alice.pk})
    team.refresh_from_db()
    assert team.name == "Transit" and Membership.objects.filter(team=team).count() == 2


def test_full_team_gives_a_clear_message(client, hackathon, team, make_participant):
    hackathon_settings(hackathon, max_team_size=1)
    client.force_login(make_participant(hackathon))
    response = client.post(url("join", hackathon), {"code": team.invite_code}, follow=True)
    assert "This team is full" in response.content.decode()
    assert Membership.objects.filter(team=team).count() == 1


def test_garbage_input_is_not_a_500(client, hackathon, team, make_participant):
    from teams.models import Track

    Track.objects.create(event=hackathon, name="Open data")
    client.force_login(team.captain)
    assert client.post(url("team_action", hackathon, team.pk, "remove"), {"user": "abc"}).status_code == 302
    assert client.post(url("team_action", hackathon, team.pk, "explode")).status_code == 404
    assert client.post(url("answer_request", hackathon, 424242, "accept")).status_code == 404
    assert client.post(url("answer_request", hackathon, 1, "maybe")).status_code == 404
    assert client.get(url("join_code", hackathon, "nope")).status_code == 404
    assert client.post(url("project_edit", hackathon), {"title": "", "summary": ""}).status_code == 400
    response = client.post(
        url("project_edit", hackathon), {"title": "T", "summary": "S", "repo_url": "javascript:alert(1)"}
    )
    assert response.status_code == 400 and "http://" in response.content.decode()
    assert not Submission.objects.exists()
    assert (
        client.post(url("project_edit", hackathon), {"title": "T", "summary": "S", "tracks": ["99"]}).status_code == 400
    )


def test_drafts_of_other_teams_are_hidden(client, hackathon, team, make_participant):
    draft = sub_svc.save_submission(team, team.captain, {"title": "Secret", "summary": "s"})
    client.force_login(make_participant(hackathon))
    assert client.get(url("project", hackathon, draft.pk)).status_code == 404
    client.force_login(team.captain)
    assert client.get(url("project", hackathon, draft.pk)).status_code == 200


def test_submission_locked_after_deadline(client, hackathon, team):
    sub_svc.save_submission(team, team.captain, {"title": "Before", "summary": "s"}, submit=True)
    hackathon_settings(hackathon, submission_deadline=timezone.now() - datetime.timedelta(minutes=5))
    client.force_login(team.captain)
    page = client.get(url("project_edit", hackathon)).content.decode()
    assert "locked" in page
    response = client.post(url("project_edit", hackathon), {"title": "After", "summary": "s"}, follow=True)
    assert "deadline has passed" in response.content.decode()
    assert Submission.objects.get().title == "Before"


def test_organizer_pages_are_for_organizers_only(client, hackathon, team, make_user):
    for user in (team.captain, make_user()):
        client.force_login(user)
        assert client.get(url("organize", hackathon)).status_code == 404
        assert client.get(url("results_csv", hackathon)).status_code == 404
        assert client.post(url("organize_action", hackathon, "publish")).status_code == 404
        assert client.get(url("results", hackathon)).status_code == 404  # not published yet
    client.force_login(hackathon.organizer)
    assert client.get(url("organize", hackathon)).status_code == 200
    assert client.get(url("results", hackathon)).status_code == 200
    csv = client.get(url("results_csv", hackathon))
    assert csv["Content-Type"].startswith("text/csv")


def test_organizer_settings_form_rejects_bad_values(client, hackathon):
    client.force_login(hackathon.organizer)
    form = {
        "min_team_size": "3",
        "max_team_size": "2",
        "judging_mode": "rubric",
        "judges_per_project": "3",
        "score_min": "1",
        "score_max": "5",
        "pairwise_min_views": "3",
    }
    response = client.post(url("organize", hackathon), form)
    assert response.status_code == 400
    assert hackathon_settings(hackathon).max_team_size == 4
    form["max_team_size"] = "5"
    form["submission_deadline"] = "2030-04-01T17:00"  # after the event: refused
    assert client.post(url("organize", hackathon), form).status_code == 400
    # Deadlines fall within the event: move the hackathon to that day (18:30 to 20:30 Toronto time).
    start = datetime.datetime(2030, 5, 1, 22, 30, tzinfo=datetime.UTC)
    EventPage.objects.filter(pk=hackathon.pk).update(
        start_date=datetime.date(2030, 5, 1), start=start, end=start + datetime.timedelta(hours=2)
    )
    form["submission_deadline"] = "2030-05-01T17:00"  # before the event starts: refused
    assert client.post(url("organize", hackathon), form).status_code == 400
    form["submission_deadline"] = "2030-05-01T19:00"
    assert client.post(url("organize", hackathon), form).status_code == 302
    saved = hackathon_settings(hackathon)
    assert saved.max_team_size == 5
    # The organizer typed the deadline in the event's zone (America/Toronto: UTC-4 in May).
    assert saved.submission_deadline == datetime.datetime(2030, 5, 1, 23, 0, tzinfo=datetime.UTC)


def test_judges_see_only_assigned_projects_and_only_their_scores(client, hackathon, team, make_judge, make_participant):
    sub = sub_svc.save_submission(team, team.captain, {"title": "Assigned", "summary": "s"}, submit=True)
    other_team = team_svc.create_team(hackathon, make_participant(hackathon), "Other")
    other = sub_svc.save_submission(
        other_team, other_team.captain, {"title": "Unassigned", "summary": "s"}, submit=True
    )
    criterion = Criterion.objects.create(event=hackathon, name="Impact")
    judge, rival = make_judge(hackathon), make_judge(hackathon)
    JudgeAssignment.objects.create(judge=judge, submission=sub)
    JudgeAssignment.objects.create(judge=rival, submission=sub)
    Score.objects.create(judge=rival, submission=sub, criterion=criterion, value=1)
    client.force_login(judge.user)
    home = client.get(url("judge_home", hackathon)).content.decode()
    assert "Assigned" in home and "Unassigned" not in home
    assert client.get(url("judge_score", hackathon, other.pk)).status_code == 404
    page = client.get(url("judge_score", hackathon, sub.pk)).content.decode()
    assert "checked" not in page  # the rival's 1 is not shown
    response = client.post(url("judge_score", hackathon, sub.pk), {f"criterion-{criterion.pk}": "9"})
    assert response.status_code == 400 and "Scores go from 1 to 5" in response.content.decode()
    assert not Score.objects.filter(judge=judge).exists()
    client.post(url("judge_score", hackathon, sub.pk), {f"criterion-{criterion.pk}": "4"})
    assert Score.objects.get(judge=judge).value == 4
    # A participant is not a judge.
    client.force_login(team.captain)
    assert client.get(url("judge_home", hackathon)).status_code == 404
    assert client.get(url("judge_score", hackathon, sub.pk)).status_code == 404


def test_peoples_choice_one_vote_not_own_team_changeable(client, hackathon, team, make_participant):
    hackathon_settings(hackathon, peoples_choice=True)
    mine = sub_svc.save_submission(team, team.captain, {"title": "Mine", "summary": "s"}, submit=True)
    others = []
    for name in ("A", "B"):
        t = team_svc.create_team(hackathon, make_participant(hackathon), f"Team {name}")
        others.append(sub_svc.save_submission(t, t.captain, {"title": name, "summary": "s"}, submit=True))
    client.force_login(team.captain)
    response = client.post(url("vote", hackathon, mine.pk), follow=True)
    assert "your own team" in response.content.decode()
    client.post(url("vote", hackathon, others[0].pk))
    client.post(url("vote", hackathon, others[0].pk))
    client.post(url("vote", hackathon, others[1].pk))
    assert list(Vote.objects.values_list("submission", flat=True)) == [others[1].pk]
    # Not checked in: no vote.
    late = make_participant(hackathon, checked_in=False)
    client.force_login(late)
    response = client.post(url("vote", hackathon, others[0].pk), follow=True)
    assert "checked-in" in response.content.decode()
    assert Vote.objects.count() == 1
    hackathon_settings(hackathon, voting_closes_at=timezone.now() - datetime.timedelta(seconds=1))
    client.force_login(team.captain)
    client.post(url("vote", hackathon, others[0].pk))
    assert list(Vote.objects.values_list("submission", flat=True)) == [others[1].pk]


def test_event_page_shows_teams_link_and_published_winners(client, hackathon, team, make_judge):
    from teams.models import Prize
    from teams.services import results

    sub = sub_svc.save_submission(team, team.captain, {"title": "BikeSpace", "summary": "s"}, submit=True)
    criterion = Criterion.objects.create(event=hackathon, name="Impact")
    judge = make_judge(hackathon)
    JudgeAssignment.objects.create(judge=judge, submission=sub)
    Score.objects.create(judge=judge, submission=sub, criterion=criterion, value=4)
    Prize.objects.create(event=hackathon, name="Grand prize")
    page = client.get(hackathon.url).content.decode()
    assert url("hub", hackathon) in page and "BikeSpace" not in page
    results.close_judging_and_voting(hackathon, hackathon.organizer)
    results.publish_results(hackathon, hackathon.organizer)
    page = client.get(hackathon.url).content.decode()
    assert "Grand prize" in page and "BikeSpace" in page
    assert client.get(url("results", hackathon)).status_code == 200


def test_me_panel_lists_my_teams(rf, hackathon, team):
    from teams.wagtail_hooks import my_teams_panel

    request = rf.get("/me/")
    request.user = team.captain
    assert "Bike Lanes" in my_teams_panel(request)


def test_board_saves_skills_to_the_profile_and_suggests_teams(client, hackathon, team, make_participant):
    team_svc.update_team(team, team.captain, team.name, "", ["design"])
    person = make_participant(hackathon, name="Dee")
    client.force_login(person)
    client.post(url("set_looking", hackathon), {"looking": "1", "skills": "Design, Figma, design", "interests": "maps"})
    person.refresh_from_db()
    assert person.skills == ["Design", "Figma"] and person.interests == ["maps"]
    page = client.get(url("board", hackathon)).content.decode()
    assert "Ask to join Bike Lanes" in page
    client.force_login(team.captain)
    page = client.get(url("board", hackathon)).content.decode()
    assert "Invite Dee" in page


def test_pairwise_page_walks_a_judge_through_comparisons(client, hackathon, make_participant, make_judge):
    from teams.models import Comparison

    hackathon_settings(hackathon, judging_mode="pairwise")
    for name in ("A", "B", "C"):
        t = team_svc.create_team(hackathon, make_participant(hackathon), f"Team {name}")
        sub_svc.save_submission(t, t.captain, {"title": f"Project {name}", "summary": "s"}, submit=True)
    judge = make_judge(hackathon)
    client.force_login(judge.user)
    page = client.get(url("judge_compare", hackathon)).content.decode()
    assert "Go and see this project" in page and "Seen it: next project" in page
    client.post(url("judge_compare", hackathon), {"action": "begin"})
    judge.refresh_from_db()
    first, second = judge.pairwise_previous_id, judge.pairwise_current_id
    page = client.get(url("judge_compare", hackathon)).content.decode()
    assert "Previous project" in page
    # A stale page (another tab moved on), or a forged one, records nothing.
    response = client.post(url("judge_compare", hackathon), {"action": "current", "current": "x'"}, follow=True)
    assert response.status_code == 200 and not Comparison.objects.exists()
    response = client.post(url("judge_compare", hackathon), {"action": "current", "current": str(first)}, follow=True)
    assert "out of date" in response.content.decode() and not Comparison.objects.exists()
    client.post(url("judge_compare", hackathon), {"action": "previous", "current": str(second)})
    comparison = Comparison.objects.get()
    assert (comparison.winner_id, comparison.loser_id) == (first, second)
    # A participant is not a judge; organizers void the vote from the results page.
    client.force_login(make_participant(hackathon))
    assert client.get(url("judge_compare", hackathon)).status_code == 404
    assert client.post(url("organize_action", hackathon, "comparison-void"), {"id": comparison.pk}).status_code == 404
    client.force_login(hackathon.organizer)
    client.post(url("organize_action", hackathon, "comparison-void"), {"id": comparison.pk})
    comparison.refresh_from_db()
    assert comparison.voided_at is not None


def test_hub_and_gallery_query_counts_do_not_grow_with_teams(
    client, hackathon, make_participant, django_assert_max_num_queries
):
    hackathon_settings(
        hackathon, gallery_public=True, submission_deadline=timezone.now() + datetime.timedelta(minutes=1)
    )
    for i in range(8):
        t = team_svc.create_team(hackathon, make_participant(hackathon), f"Team {i}")
        sub_svc.save_submission(t, t.captain, {"title": f"P{i}", "summary": "s"}, submit=True)
    hackathon_settings(hackathon, submission_deadline=timezone.now() - datetime.timedelta(minutes=1))
    with django_assert_max_num_queries(15):
        assert client.get(url("hub", hackathon)).status_code == 200
    with django_assert_max_num_queries(15):
        page = client.get(url("gallery", hackathon)).content.decode()
    assert "P7" in page
