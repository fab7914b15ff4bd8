"""Judging that picks the right winners: the assignment design, late conflicts, the ranking model and its
intervals, the second round, publishing rules and People's Choice ties."""

import datetime
import itertools
import math

import numpy as np
import pytest
from django.utils import timezone

from teams.exceptions import TeamsError
from teams.models import Comparison, ConflictOfInterest, Criterion, JudgeAssignment, Prize, Score, Vote
from teams.services import assignment, judges, pairwise, ranking, results, scoring
from teams.services import rubric_model as model
from teams.services import submissions as sub_svc
from teams.services import teams as team_svc

from .conftest import hackathon_settings

_names = itertools.count(1)


@pytest.fixture
def projects(hackathon, make_participant):
    def build(n, tracks=()):
        out = []
        for i in range(n):
            team = team_svc.create_team(hackathon, make_participant(hackathon), f"Team Q{next(_names)}")
            data = {"title": f"Project {i}", "summary": "s", "tracks": [t.pk for t in tracks]}
            out.append(sub_svc.save_submission(team, team.captain, data, submit=True))
        return out

    return build


@pytest.fixture
def impact(hackathon):
    return Criterion.objects.create(event=hackathon, name="Impact", weight=1, order=1)


def _loads(pairs):
    loads = {}
    for j, _p in pairs:
        loads[j] = loads.get(j, 0) + 1
    return loads


def _max_shared(pairs):
    by_project = {}
    for j, p in pairs:
        by_project.setdefault(p, []).append(j)
    shared = {}
    for js in by_project.values():
        for a, b in itertools.combinations(sorted(js), 2):
            shared[(a, b)] = shared.get((a, b), 0) + 1
    return max(shared.values())


# -- the assignment design --------------------------------------------------------------------


@pytest.mark.parametrize(
    "n_projects,n_judges,k",
    [(300, 150, 3), (120, 60, 3), (60, 20, 3), (30, 9, 3), (12, 6, 3), (10, 4, 2), (50, 10, 5)],
)
def test_design_is_balanced_connected_and_well_mixed(n_projects, n_judges, k):
    """Including judges a multiple of k, where the old plan split judges into closed groups."""
    plan = assignment.plan_assignments(
        {p: frozenset() for p in range(n_projects)}, {j: frozenset() for j in range(n_judges)}, set(), set(), set(), k
    )
    assert plan.short == {} and plan.drop == []
    per_project = _loads([(p, j) for j, p in plan.new])
    assert set(per_project.values()) == {k} and len(per_project) == n_projects
    loads = _loads(plan.new)
    assert max(loads.values()) - min(loads.values()) <= 1 and len(loads) == n_judges
    assert len(assignment.components(plan.new)) == 1
    # No two judges share more projects than the numbers force (plus one), ...
    load = n_projects * k / n_judges
    needed = math.ceil(load * (k - 1) / (n_judges - 1))
    assert _max_shared(plan.new) <= needed + 1
    # ... so every judge's projects are also seen by many different other judges.
    co_judges = {}
    by_project = {}
    for j, p in plan.new:
        by_project.setdefault(p, set()).add(j)
    for js in by_project.values():
        for j in js:
            co_judges.setdefault(j, set()).update(js - {j})
    most = min(n_judges - 1, int(load) * (k - 1))
    assert min(len(v) for v in co_judges.values()) >= 0.75 * most


def test_design_is_deterministic_for_the_same_input():
    projects = {p: frozenset({p % 3}) for p in range(40)}
    judges_ = {j: frozenset({j % 3}) if j % 4 == 0 else frozenset() for j in range(18)}
    conflicts = {(1, 5), (2, 7), (3, 11)}
    a = assignment.plan_assignments(projects, judges_, conflicts, set(), set(), 3, seed=11)
    b = assignment.plan_assignments(projects, judges_, conflicts, set(), set(), 3, seed=11)
    assert a.new == b.new and a.short == {}
    assert not set(a.new) & conflicts
    for j, p in a.new:
        assert not judges_[j] or projects[p] & judges_[j]
    assert len(assignment.components(a.new)) == 1


def test_swaps_connect_a_design_that_came_out_in_two_pieces():
    # Two judges with scores on disjoint project pairs would make two pieces; the new assignments are swapped
    # across them so that leniency can be compared.
    projects = {p: frozenset() for p in range(4)}
    judges_ = {j: frozenset() for j in range(4)}
    existing = {(0, 0), (1, 0), (0, 1), (1, 1), (2, 2), (3, 2), (2, 3), (3, 3)}
    plan = assignment.plan_assignments(projects, judges_, set(), existing, existing, 3)
    assert len(assignment.components(sorted(existing | set(plan.new)))) == 1


# -- late conflicts, voided judges, re-runs (through the services) ----------------------------------


def test_late_conflict_removes_the_assignment_voids_the_scores_and_the_next_run_replaces_the_judge(
    hackathon, projects, make_judge, impact
):
    subs = projects(6)
    js = [make_judge(hackathon) for _ in range(6)]  # a multiple of k
    assignment.run_assignment(hackathon, hackathon.organizer, k=3)
    target = subs[0]
    judge = JudgeAssignment.objects.filter(submission=target).first().judge
    scoring.save_scores(judge, judge.user, target, {impact.pk: 5}, feedback="Lovely")
    judges.declare_conflict(judge, judge.user, target.team, "my sister's team")
    # The judge no longer sees or scores it, and the score is void (kept in the log, out of the results).
    assert not JudgeAssignment.objects.filter(judge=judge, submission=target).exists()
    with pytest.raises(TeamsError, match="not assigned"):
        scoring.get_assigned(judge, target.pk)
    with pytest.raises(TeamsError, match="not assigned"):
        scoring.save_scores(judge, judge.user, target, {impact.pk: 1})
    assert Score.objects.get(judge=judge, submission=target).voided_at is not None
    assert scoring.my_scores(judge, target) == {}
    row = {r.submission: r for r in ranking.ranking(hackathon)}[target]
    assert row.judges == 0
    # The project is one judge short until the next run, which adds a replacement (not the conflicted judge).
    assert JudgeAssignment.objects.filter(submission=target).count() == 2
    plan = assignment.run_assignment(hackathon, hackathon.organizer, k=3)
    assert plan.short == {}
    assert JudgeAssignment.objects.filter(submission=target).count() == 3
    assert not JudgeAssignment.objects.filter(judge=judge, submission=target).exists()
    loads = [JudgeAssignment.objects.filter(judge=j).count() for j in js]
    assert max(loads) - min(loads) <= 1


def test_voided_judges_are_replaced_and_reruns_keep_scored_pairs(hackathon, projects, make_judge, impact):
    subs = projects(8)
    js = [make_judge(hackathon) for _ in range(4)]
    assignment.run_assignment(hackathon, hackathon.organizer, k=2)
    scored = {}
    for a in JudgeAssignment.objects.filter(judge=js[1]):
        scoring.save_scores(js[1], js[1].user, a.submission, {impact.pk: 3})
        scored[a.submission_id] = js[1].pk
    kept = set(JudgeAssignment.objects.filter(judge__in=js[2:]).values_list("judge_id", "submission_id"))
    judges.set_judge_voided(js[0], hackathon.organizer, True)
    more = make_judge(hackathon)
    assignment.run_assignment(hackathon, hackathon.organizer, k=2)
    # Every project again has two judges who count; the voided judge's projects went to others.
    for sub in subs:
        counting = JudgeAssignment.objects.filter(submission=sub, judge__voided_at__isnull=True).count()
        assert counting == 2
    assert not JudgeAssignment.objects.filter(judge=js[0]).exists()
    assert JudgeAssignment.objects.filter(judge=more).exists()
    # Scored and still-valid pairs stay put.
    for sub_id, judge_id in scored.items():
        assert JudgeAssignment.objects.filter(judge_id=judge_id, submission_id=sub_id).exists()
    assert kept <= set(JudgeAssignment.objects.values_list("judge_id", "submission_id"))


def test_late_conflict_voids_pairwise_votes_and_they_cannot_be_restored(hackathon, projects, make_judge):
    hackathon_settings(hackathon, judging_mode="pairwise")
    a, b, c = projects(3)
    judge, other = make_judge(hackathon), make_judge(hackathon)
    for _ in range(3):
        Comparison.objects.create(event=hackathon, judge=judge, winner=a, loser=b)
    Comparison.objects.create(event=hackathon, judge=judge, winner=b, loser=c)
    Comparison.objects.create(event=hackathon, judge=other, winner=b, loser=a)
    assert ranking.ranking(hackathon)[0].submission == a
    judge.pairwise_current, judge.pairwise_previous = a, c
    judge.save()
    judges.declare_conflict(judge, judge.user, a.team)
    voided = Comparison.objects.filter(judge=judge, voided_at__isnull=False)
    assert voided.count() == 3  # every vote involving a; the b > c vote still counts
    assert Comparison.objects.filter(voided_at__isnull=True).count() == 2
    assert ranking.ranking(hackathon)[0].submission == b
    judge.refresh_from_db()
    assert judge.pairwise_current is None and judge.pairwise_previous == c
    with pytest.raises(TeamsError, match="conflict"):
        pairwise.set_comparison_voided(voided.first(), hackathon.organizer, False)
    assert a.pk not in pairwise.candidates_for(judge)


# -- the ranking model ---------------------------------------------------------------------------------

# Eight projects (0 best ... 7 worst) scored 1-10 by five judges who differ in leniency and in how much
# of the scale they use: judge 0 is harsh, judge 2 very lenient and saw project 0 and 1 only among
# the top; raw means and per-judge z-scores both crown project 1; the joint model recovers the order.
KNOWN = [
    (0, 0, 4), (0, 3, 4), (0, 4, 3), (0, 5, 3),
    (1, 1, 8), (1, 2, 7), (1, 3, 7), (1, 6, 5), (1, 7, 5),
    (2, 0, 10), (2, 1, 9), (2, 6, 5),
    (3, 1, 8), (3, 2, 7), (3, 3, 6), (3, 4, 5), (3, 5, 4), (3, 6, 4), (3, 7, 3),
    (4, 0, 7), (4, 2, 6), (4, 4, 5), (4, 5, 5), (4, 7, 3),
]  # fmt: skip


def _raw_and_z(rows, n):
    by_judge = {}
    for j, _p, x in rows:
        by_judge.setdefault(j, []).append(x)
    raw, z, count = np.zeros(n), np.zeros(n), np.zeros(n)
    for j, p, x in rows:
        mean, sd = np.mean(by_judge[j]), np.std(by_judge[j])
        raw[p] += x
        z[p] += (x - mean) / sd
        count[p] += 1
    return raw / count, z / count


def test_model_recovers_a_known_order_where_raw_means_and_z_scores_fail():
    raw, z = _raw_and_z(KNOWN, 8)
    assert int(np.argmax(raw)) == 1 and int(np.argmax(z)) == 1  # both get the winner wrong
    fit = model.fit_rubric([(j, p, 0, float(x)) for j, p, x in KNOWN], [1.0], 5, 8)
    assert list(np.argsort(-fit.quality)) == list(range(8))
    assert fit.leniency[0] < 0 < fit.leniency[2]  # harsh and lenient judges found
    assert (fit.se > 0).all()


def test_model_through_the_services_on_a_1_to_10_scale(hackathon, projects, make_judge, impact):
    hackathon_settings(hackathon, score_max=10)
    subs = projects(8)
    js = [make_judge(hackathon) for _ in range(5)]
    for j, p, x in KNOWN:
        JudgeAssignment.objects.create(judge=js[j], submission=subs[p])
        scoring.save_scores(js[j], js[j].user, subs[p], {impact.pk: x})
    rows = ranking.ranking(hackathon)
    assert [r.submission for r in rows] == subs
    assert all(r.low < r.score < r.high for r in rows)
    assert rows[0].raw < rows[1].raw  # organizers still see raw averages, which would have misled


def test_model_is_reproducible_to_the_last_digit_whatever_the_row_order():
    rows = [(j, p, 0, float(x)) for j, p, x in KNOWN]
    a = model.fit_rubric(rows, [1.0], 5, 8)
    b = model.fit_rubric(list(reversed(rows)), [1.0], 5, 8)
    for name in ("quality", "se", "leniency", "scale", "noise"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def test_standard_errors_match_the_full_curvature_matrix():
    """The sparse Schur-complement variance equals inverting the whole Gauss-Newton curvature."""
    rows = [(j, p, 0, float(x)) for j, p, x in KNOWN]
    fit = model.fit_rubric(rows, [1.0], 5, 8)
    j = np.array([r[0] for r in rows])
    p = np.array([r[1] for r in rows])
    y = np.array([r[3] for r in rows]) - np.mean([r[3] for r in rows])
    a, b, s2, abar, mu, prec, tau_a2, tau_b2 = model._em(j, p, y, 5, 8)
    n_q, size = 8, 8 + 10
    h = np.zeros((size, size))
    h[np.arange(n_q), np.arange(n_q)] = 1.0
    h[8 + 2 * np.arange(5), 8 + 2 * np.arange(5)] += 1.0 / tau_a2
    h[9 + 2 * np.arange(5), 9 + 2 * np.arange(5)] += 1.0 / tau_b2
    for o in range(len(y)):
        grad = np.zeros(size)  # d(prediction)/d(parameters) for score o
        grad[p[o]] = a[j[o]]
        grad[8 + 2 * j[o]] = mu[p[o]]
        grad[9 + 2 * j[o]] = 1.0
        h += np.outer(grad, grad) / s2[j[o]]
    dense = np.sqrt(np.diag(np.linalg.inv(h))[:n_q]) * abs(abar)
    assert np.allclose(fit.se, dense, rtol=1e-6)


# -- how sure: too close to call, and the second round -------------------------------------------------


def test_close_prize_positions_are_flagged_and_the_second_round_adds_judges_there(
    hackathon, projects, make_judge, impact
):
    subs = projects(6)
    js = [make_judge(hackathon) for _ in range(6)]
    Prize.objects.create(event=hackathon, name="Grand prize", place=1)
    assignment.run_assignment(hackathon, hackathon.organizer, k=2)
    # Projects 0 and 1 are nearly level at the top, the rest clearly behind.
    values = {0: 5, 1: 5, 2: 2, 3: 2, 4: 1, 5: 1}
    for a in JudgeAssignment.objects.select_related("judge", "submission"):
        scoring.save_scores(a.judge, a.judge.user, a.submission, {impact.pk: values[subs.index(a.submission)]})
    rows = ranking.ranking(hackathon)
    assert {r.submission for r in rows[:2]} == {subs[0], subs[1]}
    assert rows[0].close_call and rows[1].close_call and not rows[3].close_call
    uncertain = set(results.uncertain_projects(hackathon))
    assert {subs[0].pk, subs[1].pk} <= uncertain and subs[5].pk not in uncertain
    before = {s.pk: JudgeAssignment.objects.filter(submission=s).count() for s in subs}
    with pytest.raises(TeamsError):
        results.add_judges_where_it_matters(hackathon, subs[0].team.captain, 2)
    with pytest.raises(TeamsError, match="1 to 10"):
        results.add_judges_where_it_matters(hackathon, hackathon.organizer, "lots")
    targets, plan = results.add_judges_where_it_matters(hackathon, hackathon.organizer, 2)
    assert set(targets) == uncertain
    for s in subs:
        after = JudgeAssignment.objects.filter(submission=s).count()
        assert after == before[s.pk] + (2 if s.pk in uncertain else 0)
    loads = [JudgeAssignment.objects.filter(judge=j).count() for j in js]
    assert max(loads) - min(loads) <= 1
    # A plain re-run afterwards keeps the extra judges.
    assignment.run_assignment(hackathon, hackathon.organizer, k=2)
    assert JudgeAssignment.objects.filter(submission=subs[0]).count() == before[subs[0].pk] + 2


def test_judge_diagnostics_show_leniency_and_spot_a_contrarian(hackathon, projects, make_judge, impact):
    subs = projects(6)
    js = [make_judge(hackathon) for _ in range(4)]
    truth = [5, 4, 4, 3, 2, 1]
    for j, judge in enumerate(js):
        for p, sub in enumerate(subs):
            value = truth[p] if j < 3 else 6 - truth[p]  # judge 3 scores backwards
            if j == 1:
                value = min(5, value + 1)  # lenient
            JudgeAssignment.objects.create(judge=judge, submission=sub)
            scoring.save_scores(judge, judge.user, sub, {impact.pk: value})
    views = {v.judge: v for v in ranking.rubric_result(hackathon).judges}
    assert views[js[3]].agreement < 0 and views[js[3]].unusual
    assert views[js[0]].agreement > 0.8 and not views[js[0]].unusual
    assert views[js[1]].leniency > views[js[0]].leniency
    assert views[js[0]].scored == 6


# -- publishing --------------------------------------------------------------------------------------


def test_publishing_is_refused_while_judging_or_voting_is_open(hackathon, projects, make_judge, impact):
    (a,) = projects(1)
    Prize.objects.create(event=hackathon, name="Grand prize", place=1)
    now = timezone.now()
    hackathon_settings(hackathon, judging_closes_at=now + datetime.timedelta(hours=1))
    with pytest.raises(TeamsError, match="Judging is still open"):
        results.publish_results(hackathon, hackathon.organizer)
    hackathon_settings(
        hackathon,
        judging_closes_at=now - datetime.timedelta(minutes=1),
        peoples_choice=True,
        voting_closes_at=now + datetime.timedelta(hours=1),
    )
    with pytest.raises(TeamsError, match="voting is still open"):
        results.publish_results(hackathon, hackathon.organizer)
    assert results.published_winners(hackathon) is None
    with pytest.raises(TeamsError):
        results.close_judging_and_voting(hackathon, a.team.captain)
    results.close_judging_and_voting(hackathon, hackathon.organizer)
    settings_obj = hackathon_settings(hackathon)
    assert not settings_obj.judging_open() and not settings_obj.voting_open()
    results.publish_results(hackathon, hackathon.organizer)
    assert results.published_winners(hackathon) is not None


def test_peoples_choice_tie_is_published_as_a_tie(hackathon, projects, make_participant):
    a, b, c = projects(3)
    now = timezone.now()
    hackathon_settings(
        hackathon,
        peoples_choice=True,
        judging_closes_at=now,
        voting_opens_at=now - datetime.timedelta(hours=2),
        voting_closes_at=now,
    )
    first = Prize.objects.create(event=hackathon, name="People's Choice", peoples_choice=True, place=1)
    second = Prize.objects.create(event=hackathon, name="People's runner-up", peoples_choice=True, place=2)
    for sub, n in ((a, 2), (b, 2), (c, 1)):
        for _ in range(n):
            Vote.objects.create(event=hackathon, user=make_participant(hackathon), submission=sub)
    rows = ranking.peoples_choice(hackathon)
    assert [r.rank for r in rows] == [1, 1, 3]
    results.publish_results(hackathon, hackathon.organizer)
    first.refresh_from_db()
    second.refresh_from_db()
    assert {first.winner, *first.tied.all()} == {a, b}
    assert second.winner == c and not second.tied.exists()
    podium = results.podiums(hackathon)
    ((heading, _track, prizes),) = podium
    assert [len(subs) for _prize, subs in prizes] == [2, 1]


def test_conflict_rows_stay_in_the_log(hackathon, projects, make_judge, impact):
    (a,) = projects(1)
    judge = make_judge(hackathon)
    JudgeAssignment.objects.create(judge=judge, submission=a)
    scoring.save_scores(judge, judge.user, a, {impact.pk: 4})
    judges.declare_conflict(judge, judge.user, a.team)
    judges.declare_conflict(judge, judge.user, a.team)  # twice: one conflict, nothing else changes
    assert ConflictOfInterest.objects.filter(judge=judge).count() == 1
    assert Score.objects.filter(judge=judge).count() == 1
