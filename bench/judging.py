"""Judging benchmark: assignment, pairwise next-project choice and refit, against a real database.

    .venv/bin/python bench/judging.py                      # SQLite (a throwaway test database)
    DATABASE_URL=postgres://... .venv/bin/python bench/judging.py

Builds a hackathon with 300 submitted projects (4 tracks) and 150 judges (every fifth limited to one
track, a few declared conflicts), then prints:
  - assignment time for k=3 (the whole service: reads, plan, bulk insert) and the pure planning step;
  - next-project time for a judge (median and p95 over 300 choices by different judges, with ~5,000
    comparisons already in the log and the ratings fitted);
  - refit time for 5,000 comparisons (the pure fit, and the full refit: read log, fit, write ratings).
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

N_PROJECTS, N_JUDGES, K, N_COMPARISONS = 300, 150, 3, 5000


def build():
    import datetime

    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from events.models import EventIndexPage, EventPage
    from teams.models import (
        Comparison,
        ConflictOfInterest,
        HackathonSettings,
        Judge,
        Membership,
        Submission,
        Team,
        Track,
    )

    rng = random.Random(2026)
    User = get_user_model()
    root = Page.get_first_root_node()
    index = EventIndexPage(title="Events", slug="bench-events")
    root.add_child(instance=index)
    event = EventPage(
        title="Bench hack day",
        slug="bench-hack",
        kind="hackathon",
        summary="Benchmark",
        start_date=datetime.date.today(),
        start_time=datetime.time(9),
        end_time=datetime.time(18),
    )
    index.add_child(instance=event)
    HackathonSettings.objects.create(event=event, judging_mode="both", pairwise_min_views=3)
    organizer = User.objects.create_superuser(email="bench-organizer@example.org", password="x")
    tracks = [Track.objects.create(event=event, name=f"Track {i}", order=i) for i in range(4)]
    users = User.objects.bulk_create(
        [User(email=f"bench{i}@example.org", name=f"Person {i}") for i in range(N_PROJECTS + N_JUDGES)]
    )
    participants, judge_users = users[:N_PROJECTS], users[N_PROJECTS:]
    teams = Team.objects.bulk_create(
        [Team(event=event, name=f"Team {i}", captain=u, invite_code=f"code{i}") for i, u in enumerate(participants)]
    )
    Membership.objects.bulk_create([Membership(team=t, event=event, user=t.captain) for t in teams])
    now = django.utils.timezone.now()
    subs = Submission.objects.bulk_create(
        [
            Submission(event=event, team=t, title=f"Project {i}", summary="s", submitted_at=now)
            for i, t in enumerate(teams)
        ]
    )
    through = Submission.tracks.through
    through.objects.bulk_create([through(submission=s, track=tracks[rng.randrange(4)]) for s in subs])
    judges = Judge.objects.bulk_create(
        [Judge(event=event, email=u.email, user=u, token=f"t{i}") for i, u in enumerate(judge_users)]
    )
    jt = Judge.tracks.through
    jt.objects.bulk_create([jt(judge=j, track=tracks[i % 4]) for i, j in enumerate(judges) if i % 5 == 0])
    ConflictOfInterest.objects.bulk_create(
        [ConflictOfInterest(judge=rng.choice(judges), team=rng.choice(teams)) for _ in range(100)],
        ignore_conflicts=True,
    )
    # A comparison log shaped like a real day: hidden quality, judges who mostly agree, one who does not.
    quality = {s.pk: rng.gauss(0, 1) for s in subs}
    comparisons = []
    for _ in range(N_COMPARISONS):
        a, b = rng.sample(subs, 2)
        judge = rng.choice(judges)
        p = 1 / (1 + pow(2.718281828, -(quality[a.pk] - quality[b.pk])))
        a_wins = rng.random() < p
        if judge.pk == judges[0].pk:
            a_wins = not a_wins
        w, loser = (a, b) if a_wins else (b, a)
        comparisons.append(Comparison(event=event, judge=judge, winner=w, loser=loser))
    Comparison.objects.bulk_create(comparisons, batch_size=1000)
    return event, organizer, judges, subs


def main():
    from teams.models import PairwiseSeen
    from teams.services import assignment, pairwise
    from teams.services.pairwise import _log, fit

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        event, organizer, judges, subs = build()
        rng_scores = random.Random(3)
        print(f"database: {connection.vendor}; {N_PROJECTS} projects, {N_JUDGES} judges, k={K}")

        t = time.perf_counter()
        plan = assignment.run_assignment(event, organizer, k=K)
        full = time.perf_counter() - t
        print(
            f"assignment (service, incl. DB): {full * 1000:.0f} ms — {len(plan.new)} assignments, "
            f"{len(plan.short)} projects short"
        )
        # Everyone scores their projects (two criteria), then the ranking is fitted through the service.
        from teams.models import Criterion, JudgeAssignment, Score
        from teams.services.ranking import Standings

        crit = [Criterion.objects.create(event=event, name=name, order=i) for i, name in enumerate(("A", "B"))]
        Score.objects.bulk_create(
            [
                Score(judge_id=a.judge_id, submission_id=a.submission_id, criterion=c, value=rng_scores.randint(1, 5))
                for a in JudgeAssignment.objects.all()
                for c in crit
            ],
            batch_size=1000,
        )
        fits = []
        for _ in range(3):
            t = time.perf_counter()
            Standings(event).ranking()
            fits.append(time.perf_counter() - t)
        print(
            f"rubric ranking (service: read {Score.objects.count()} scores, fit, intervals): {min(fits) * 1000:.0f} ms"
        )
        timings = []
        for _ in range(3):
            projects = {s.pk: frozenset() for s in subs}
            js = {j.pk: frozenset() for j in judges}
            t = time.perf_counter()
            assignment.plan_assignments(projects, js, set(), set(), set(), K)
            timings.append(time.perf_counter() - t)
        print(f"assignment (planning step only): {min(timings) * 1000:.0f} ms")

        rng = random.Random(7)
        # Each judge has already looked at some projects; a few are in front of other judges right now.
        PairwiseSeen.objects.bulk_create(
            [PairwiseSeen(judge=j, submission=s) for j in judges for s in rng.sample(subs, 20)],
            ignore_conflicts=True,
        )
        pairwise.refit(event.pk)  # ratings and view counts, as the task does after each vote
        for j in judges[::3]:
            j.pairwise_current = rng.choice(subs)
            j.pairwise_previous = rng.choice(subs)
            j.pairwise_since = django.utils.timezone.now()
            j.save(update_fields=["pairwise_current", "pairwise_previous", "pairwise_since"])
        samples = []
        for i in range(300):
            judge = judges[i % len(judges)]
            judge.refresh_from_db()
            t = time.perf_counter()
            pairwise.pick_next(judge)
            samples.append(time.perf_counter() - t)
        if os.environ.get("BENCH_QUERIES"):
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                pairwise.pick_next(judges[1])
            for q in ctx.captured_queries:
                print(f"  {q['time']}s {q['sql'][:160]}")
        samples.sort()
        p95 = samples[int(0.95 * len(samples)) - 1]
        print(
            f"next project: median {statistics.median(samples) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
            f"(n={len(samples)})"
        )

        log = _log(event)
        index = {pk: i for i, pk in enumerate(sorted(s.pk for s in subs))}
        jidx = {pk: i for i, pk in enumerate(sorted({j for _w, _l, j in log}))}
        args = (
            len(index),
            [index[w] for w, _l, _j in log],
            [index[loser] for _w, loser, _j in log],
            [jidx[j] for _w, _l, j in log],
            len(jidx),
        )
        pure = []
        for _ in range(5):
            t = time.perf_counter()
            fit(*args)
            pure.append(time.perf_counter() - t)
        print(f"refit {len(log)} comparisons (fit only): median {statistics.median(pure) * 1000:.0f} ms")
        full = []
        for _ in range(3):
            t = time.perf_counter()
            pairwise.refit(event.pk)
            full.append(time.perf_counter() - t)
        print(
            f"refit {len(log)} comparisons (read log, fit, write ratings): median "
            f"{statistics.median(full) * 1000:.0f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
