import datetime
import itertools
import random

import pytest
from django.utils import timezone

from teams.exceptions import TeamsError
from teams.models import Comparison, ConflictOfInterest, Criterion, JudgeAssignment, Prize, Score, Track
from teams.services import assignment, judges, pairwise, ranking, results, scoring
from teams.services import submissions as sub_svc
from teams.services import teams as team_svc

from .conftest import hackathon_settings

_names = itertools.count(1)


@pytest.fixture
def projects(hackathon, make_participant):
    """Build n submitted projects (one team each); returns the list."""

    def build(n, tracks=()):
        out = []
        for i in range(n):
            team = team_svc.create_team(hackathon, make_participant(hackathon), f"Team {next(_names)}")
            data = {"title": f"Project {i}", "summary": "s", "tracks": [t.pk for t in tracks]}
            out.append(sub_svc.save_submission(team, team.captain, data, submit=True))
        return out

    return build


@pytest.fixture
def rubric(hackathon):
    return [
        Criterion.objects.create(event=hackathon, name="Impact", weight=2, order=1),
        Criterion.objects.create(event=hackathon, name="Execution", weight=1, order=2),
    ]


# -- judges -------------------------------------------------------------------------


def test_invite_by_email_and_accept(hackathon, make_user, mailoutbox, django_capture_on_commit_callbacks):
    person = make_user(email="judge@example.org")
    with pytest.raises(TeamsError):
        judges.invite_judge(hackathon, person, "judge@example.org")  # not an organizer
    with pytest.raises(TeamsError, match="valid email"):
        judges.invite_judge(hackathon, hackathon.organizer, "nope")
    with pytest.raises(TeamsError, match="valid email"):
        judges.invite_judge(hackathon, hackathon.organizer, "judge@example.org\nBcc: x@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        judge = judges.invite_judge(hackathon, hackathon.organizer, "Judge@Example.org")
    assert len(mailoutbox) == 1 and judge.token in mailoutbox[0].body
    with pytest.raises(TeamsError, match="already a judge"):
        judges.invite_judge(hackathon, hackathon.organizer, "judge@example.org")
    with pytest.raises(TeamsError, match="another email"):
        judges.accept_invitation(hackathon, judge.token, make_user())
    judges.accept_invitation(hackathon, judge.token, person)
    judge.refresh_from_db()
    assert judge.user == person


# -- assignment ---------------------------------------------------------------------


def test_assignment_covers_every_project_k_times_and_balances_load(hackathon, projects, make_judge):
    subs = projects(10)
    js = [make_judge(hackathon) for _ in range(6)]
    plan = assignment.run_assignment(hackathon, hackathon.organizer, k=3)
    assert plan.short == {}
    for sub in subs:
        assert JudgeAssignment.objects.filter(submission=sub).count() == 3
    loads = [JudgeAssignment.objects.filter(judge=j).count() for j in js]
    assert max(loads) - min(loads) <= 1 and sum(loads) == 30


def test_assignment_respects_tracks_and_conflicts(hackathon, projects, make_judge):
    open_data = Track.objects.create(event=hackathon, name="Open data")
    mobility = Track.objects.create(event=hackathon, name="Mobility")
    data_subs = projects(3, tracks=[open_data])
    mob_subs = projects(3, tracks=[mobility])
    data_judge = make_judge(hackathon, tracks=[open_data])
    member_judge = make_judge(hackathon, user=data_subs[0].team.captain)  # automatic conflict
    declared = make_judge(hackathon)
    judges.declare_conflict(declared, declared.user, mob_subs[0].team, "my cousin")
    others = [make_judge(hackathon) for _ in range(3)]
    assignment.run_assignment(hackathon, hackathon.organizer, k=2)
    assert set(JudgeAssignment.objects.filter(judge=data_judge).values_list("submission__tracks", flat=True)) <= {
        open_data.pk
    }
    assert not JudgeAssignment.objects.filter(judge=member_judge, submission=data_subs[0]).exists()
    assert not JudgeAssignment.objects.filter(judge=declared, submission=mob_subs[0]).exists()
    for sub in data_subs + mob_subs:
        assert JudgeAssignment.objects.filter(submission=sub).count() == 2
    assert others


def test_rerun_after_adding_judges_keeps_scores(hackathon, projects, make_judge, rubric):
    subs = projects(4)
    first = [make_judge(hackathon) for _ in range(2)]
    plan = assignment.run_assignment(hackathon, hackathon.organizer, k=3)
    assert plan.short == {s.pk: 1 for s in subs}  # only two judges: each project lacks one
    scoring.save_scores(first[0], first[0].user, subs[0], {c.pk: 4 for c in rubric})
    more = [make_judge(hackathon) for _ in range(2)]
    plan = assignment.run_assignment(hackathon, hackathon.organizer, k=3)
    assert plan.short == {}
    assert Score.objects.filter(judge=first[0], submission=subs[0]).count() == 2
    for sub in subs:
        assert JudgeAssignment.objects.filter(submission=sub).count() == 3
    # Loads even out (differ by at most one): the new judges also take over some unscored assignments.
    loads = [JudgeAssignment.objects.filter(judge=j).count() for j in first + more]
    assert max(loads) - min(loads) <= 1 and sum(loads) == 12
    assert JudgeAssignment.objects.filter(judge=first[0], submission=subs[0]).exists()


def test_assignment_plan_is_deterministic_and_balanced_at_scale():
    rng = random.Random(5)
    projects = {p: frozenset({rng.randrange(4)}) for p in range(300)}
    judges_ = {j: (frozenset({j % 4}) if j % 5 == 0 else frozenset()) for j in range(150)}
    conflicts = {(rng.randrange(150), rng.randrange(300)) for _ in range(200)}
    a = assignment.plan_assignments(projects, judges_, conflicts, set(), set(), 3)
    b = assignment.plan_assignments(projects, judges_, conflicts, set(), set(), 3)
    assert a.new == b.new and a.short == {}
    assert not set(a.new) & conflicts
    loads = {}
    for j, _p in a.new:
        loads[j] = loads.get(j, 0) + 1
    assert max(loads.values()) - min(loads.values()) <= 1


# -- scoring ----------------------------------------------------------------------------


def test_scores_are_checked_and_editable_until_judging_closes(hackathon, projects, make_judge, rubric):
    sub, other = projects(2)
    judge = make_judge(hackathon)
    JudgeAssignment.objects.create(judge=judge, submission=sub)
    with pytest.raises(TeamsError, match="from 1 to 5"):
        scoring.save_scores(judge, judge.user, sub, {rubric[0].pk: 6, rubric[1].pk: 3})
    with pytest.raises(TeamsError, match="Give a score"):
        scoring.save_scores(judge, judge.user, sub, {rubric[0].pk: 3})
    with pytest.raises(TeamsError, match="not assigned"):
        scoring.save_scores(judge, judge.user, other, {c.pk: 3 for c in rubric})
    with pytest.raises(TeamsError, match="not assigned"):
        scoring.get_assigned(judge, other.pk)
    assert not Score.objects.exists()
    scoring.save_scores(judge, judge.user, sub, {c.pk: 3 for c in rubric})
    scoring.save_scores(judge, judge.user, sub, {str(c.pk): 5 for c in rubric})
    assert scoring.my_scores(judge, sub) == {c.pk: 5 for c in rubric}
    hackathon_settings(hackathon, judging_closes_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(TeamsError, match="closed"):
        scoring.save_scores(judge, judge.user, sub, {c.pk: 1 for c in rubric})
    assert scoring.my_scores(judge, sub) == {c.pk: 5 for c in rubric}


def test_a_judge_cannot_score_for_another(hackathon, projects, make_judge, rubric):
    (sub,) = projects(1)
    judge, other = make_judge(hackathon), make_judge(hackathon)
    JudgeAssignment.objects.create(judge=judge, submission=sub)
    with pytest.raises(TeamsError):
        scoring.save_scores(judge, other.user, sub, {c.pk: 3 for c in rubric})
    assert not Score.objects.exists()


# -- ranking --------------------------------------------------------------------------


def _score(judge, sub, rubric, impact, execution):
    JudgeAssignment.objects.get_or_create(judge=judge, submission=sub)
    scoring.save_scores(judge, judge.user, sub, {rubric[0].pk: impact, rubric[1].pk: execution})


def test_criteria_weights_decide_and_recomputation_is_identical(hackathon, projects, make_judge, rubric):
    a, b = projects(2)
    j1, j2 = make_judge(hackathon), make_judge(hackathon)
    for j in (j1, j2):
        _score(j, a, rubric, 5, 1)  # strong on impact (weight 2)
        _score(j, b, rubric, 1, 5)
    first = [(r.submission.pk, r.score, r.raw) for r in ranking.ranking(hackathon)]
    assert first[0][0] == a.pk
    assert first == [(r.submission.pk, r.score, r.raw) for r in ranking.ranking(hackathon)]
    csv1 = results.export_csv(hackathon, hackathon.organizer)
    assert csv1 == results.export_csv(hackathon, hackathon.organizer)


def test_voided_judge_and_conflicted_scores_leave_the_ranking(hackathon, projects, make_judge, rubric):
    a, b = projects(2)
    honest, biased = make_judge(hackathon), make_judge(hackathon)
    _score(honest, a, rubric, 5, 5)
    _score(honest, b, rubric, 2, 2)
    _score(biased, a, rubric, 1, 1)
    _score(biased, b, rubric, 5, 5)
    judges.set_judge_voided(biased, hackathon.organizer, True)
    assert ranking.ranking(hackathon)[0].submission == a
    judges.set_judge_voided(biased, hackathon.organizer, False)
    ConflictOfInterest.objects.create(judge=biased, team=b.team)
    rows = {r.submission: r for r in ranking.ranking(hackathon)}
    assert rows[b].judges == 1


def test_per_track_ranking(hackathon, projects, make_judge, rubric):
    mobility = Track.objects.create(event=hackathon, name="Mobility")
    (a,) = projects(1, tracks=[mobility])
    (b,) = projects(1)
    judge = make_judge(hackathon)
    _score(judge, a, rubric, 2, 2)
    _score(judge, b, rubric, 5, 5)
    assert [r.submission for r in ranking.ranking(hackathon)] == [b, a]
    assert [r.submission for r in ranking.ranking(hackathon, track=mobility)] == [a]


# -- results -----------------------------------------------------------------------


def test_csv_neutralises_formulas(hackathon, make_participant, make_judge, rubric):
    team = team_svc.create_team(hackathon, make_participant(hackathon), '=HYPERLINK("x")')
    sub = sub_svc.save_submission(team, team.captain, {"title": "+SUM(A1)", "summary": "s"}, submit=True)
    _score(make_judge(hackathon), sub, rubric, 3, 3)
    text = results.export_csv(hackathon, hackathon.organizer)
    assert "'+SUM(A1)" in text and "'=HYPERLINK" in text
    assert results.neutralise("-2+3") == "'-2+3" and results.neutralise("@x") == "'@x"
    assert results.neutralise("ok") == "ok" and results.neutralise(-0.5) == -0.5
    with pytest.raises(TeamsError):
        results.export_csv(hackathon, team.captain)


def test_only_organizers_see_rankings_before_publication(hackathon, projects, make_judge, rubric):
    a, b = projects(2)
    judge = make_judge(hackathon)
    _score(judge, a, rubric, 5, 5)
    _score(judge, b, rubric, 3, 3)
    Prize.objects.create(event=hackathon, name="Grand prize", place=1)
    Prize.objects.create(event=hackathon, name="Runner-up", place=2)
    with pytest.raises(TeamsError, match="not published"):
        results.public_ranking(hackathon, a.team.captain)
    with pytest.raises(TeamsError, match="not published"):
        results.public_ranking(hackathon, judge.user)
    assert results.public_ranking(hackathon, hackathon.organizer)
    with pytest.raises(TeamsError):
        results.publish_results(hackathon, a.team.captain)
    assert results.published_winners(hackathon) is None
    results.close_judging_and_voting(hackathon, hackathon.organizer)
    results.publish_results(hackathon, hackathon.organizer)
    winners = {p.name: p.winner for p in results.published_winners(hackathon)}
    assert winners == {"Grand prize": a, "Runner-up": b}
    assert [r.submission for r in results.public_ranking(hackathon, a.team.captain)] == [a, b]


def test_progress_lists_projects_with_too_few_judges(hackathon, projects, make_judge, rubric):
    a, b = projects(2)
    judge = make_judge(hackathon)
    JudgeAssignment.objects.create(judge=judge, submission=b)
    _score(judge, a, rubric, 3, 3)
    report = results.progress(hackathon)
    assert all(p["too_few"] for p in report["projects"])  # k = 3 by default
    (row,) = report["judges"]
    assert row["assigned"] == 2 and row["done"] == 1 and row["percent"] == 50


# -- pairwise ----------------------------------------------------------------------------


def test_fit_recovers_the_true_order_and_is_deterministic():
    rng = random.Random(1)
    truth = list(range(20))
    winners, losers, judges_ = [], [], []
    for _ in range(800):
        i, j = rng.sample(truth, 2)
        p = 1 / (1 + 2.718281828 ** (-(i - j) / 3))
        w, loser = (i, j) if rng.random() < p else (j, i)
        judge = rng.randrange(10)
        if judge == 0:  # an unreliable judge votes backwards
            w, loser = loser, w
        winners.append(w)
        losers.append(loser)
        judges_.append(judge)
    s, var, eta = pairwise.fit(20, winners, losers, judges_, 10)
    order = sorted(truth, key=lambda i: s[i])
    assert order[:3] == sorted(order[:3]) and set(order[-3:]) <= {16, 17, 18, 19}
    assert eta[0] < eta[1:].min()
    s2, _v, _e = pairwise.fit(20, winners, losers, judges_, 10)
    assert (s == s2).all()
    assert (var > 0).all()


@pytest.fixture
def pairwise_event(hackathon):
    hackathon_settings(hackathon, judging_mode="pairwise", pairwise_min_views=1)
    return hackathon


def test_pairwise_walk_votes_and_voiding(pairwise_event, projects, make_judge, django_capture_on_commit_callbacks):
    hackathon = pairwise_event
    a, b, c = projects(3)
    judge = make_judge(hackathon)
    first = pairwise.current_project(judge, judge.user)
    assert first in {a.pk, b.pk, c.pk}
    judge.refresh_from_db()
    with pytest.raises(TeamsError, match="no pair"):
        pairwise.record_vote(judge, judge.user, True)
    second = pairwise.begin_comparing(judge, judge.user)
    judge.refresh_from_db()
    assert second != first
    pairwise.record_vote(judge, judge.user, current_is_better=True)  # second beats first
    comparison = Comparison.objects.get()
    assert (comparison.winner_id, comparison.loser_id) == (second, first)
    ratings = pairwise.current_ratings(hackathon)
    assert ratings[second] > ratings[first]
    rows = ranking.ranking(hackathon)
    assert rows[0].submission.pk == second
    # An organizer voids the vote: the ranking is as if it never happened.
    with pytest.raises(TeamsError):
        pairwise.set_comparison_voided(comparison, judge.user, True)
    with django_capture_on_commit_callbacks(execute=True):
        pairwise.set_comparison_voided(comparison, hackathon.organizer, True)
    assert pairwise.current_ratings(hackathon)[second] == 0.0
    # The cached ratings were refitted too (the refit task ran after commit).
    assert {r.submission_id: r.mu for r in pairwise.PairwiseRating.objects.all()}[second] == 0.0


def test_next_project_respects_conflicts_tracks_and_other_judges(pairwise_event, projects, make_judge):
    hackathon = pairwise_event
    mobility = Track.objects.create(event=hackathon, name="Mobility")
    a, b = projects(2, tracks=[mobility])
    (c,) = projects(1)
    track_judge = make_judge(hackathon, tracks=[mobility])
    assert set(pairwise.candidates_for(track_judge)) == {a.pk, b.pk}
    member = make_judge(hackathon, user=a.team.captain)
    assert a.pk not in pairwise.candidates_for(member)
    busy = make_judge(hackathon)
    busy.pairwise_current, busy.pairwise_since = b, timezone.now()
    busy.save()
    assert b.pk not in pairwise.candidates_for(track_judge)
    assert pairwise.candidates_for(track_judge) == [a.pk]
    assert c


def test_choose_next_prefers_under_seen_then_information():
    ratings = {1: (0.0, 0.1), 2: (0.0, 5.0), 3: (5.0, 5.0), 4: (0.0, 1.0)}
    # Project 4 is below the minimum views: it comes first whatever the gain.
    assert pairwise.choose_next([2, 3, 4], {2: 3, 3: 3, 4: 0}, ratings, 1, 0.9, 2) == 4
    # All seen enough: the uncertain, closely matched project 2 is worth more than the likely blowout 3.
    assert pairwise.choose_next([2, 3, 4], {2: 3, 3: 3, 4: 3}, ratings, 1, 0.9, 2) == 2


def test_pairwise_closed_or_wrong_judge_changes_nothing(pairwise_event, projects, make_judge):
    projects(2)
    judge = make_judge(pairwise_event)
    other = make_judge(pairwise_event)
    with pytest.raises(TeamsError):
        pairwise.current_project(judge, other.user)
    hackathon_settings(pairwise_event, judging_closes_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(TeamsError, match="closed"):
        pairwise.current_project(judge, judge.user)
    judge.refresh_from_db()
    assert judge.pairwise_current is None


def test_voiding_a_judge_refits_pairwise_without_their_votes(pairwise_event, projects, make_judge):
    a, b = projects(2)
    honest, contrarian = make_judge(pairwise_event), make_judge(pairwise_event)
    for _ in range(3):
        Comparison.objects.create(event=pairwise_event, judge=honest, winner=a, loser=b)
    for _ in range(5):
        Comparison.objects.create(event=pairwise_event, judge=contrarian, winner=b, loser=a)
    assert ranking.ranking(pairwise_event)[0].submission == b
    judges.set_judge_voided(contrarian, pairwise_event.organizer, True)
    assert ranking.ranking(pairwise_event)[0].submission == a
    judges.set_judge_voided(contrarian, pairwise_event.organizer, False)
    assert ranking.ranking(pairwise_event)[0].submission == b
