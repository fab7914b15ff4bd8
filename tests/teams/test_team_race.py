"""Concurrent joins against PostgreSQL: the size limit and one-team-per-person hold under a real race."""

import os
import threading

import pytest
from django.db import connection, connections

from teams.exceptions import TeamsError
from teams.models import Membership
from teams.services import teams as svc

from .conftest import hackathon_settings

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="row locking race: runs against PostgreSQL (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _on_postgres():
    assert connection.vendor == "postgresql"


def _race(callables):
    barrier = threading.Barrier(len(callables))
    outcomes = []

    def run(fn):
        try:
            barrier.wait()
            fn()
            outcomes.append("ok")
        except TeamsError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in callables]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_concurrent_joins_never_overfill_a_team(hackathon, make_participant):
    hackathon_settings(hackathon, max_team_size=4)
    team = svc.create_team(hackathon, make_participant(hackathon), "Racers")
    people = [make_participant(hackathon) for _ in range(8)]
    outcomes = _race([lambda p=p: svc.join_by_code(hackathon, p, team.invite_code) for p in people])
    assert outcomes.count("ok") == 3
    assert sum("full" in o for o in outcomes) == 5
    assert Membership.objects.filter(team=team).count() == 4


def test_one_person_joining_two_teams_at_once_ends_in_one(hackathon, make_participant):
    teams = [svc.create_team(hackathon, make_participant(hackathon), f"Team {i}") for i in range(4)]
    person = make_participant(hackathon)
    outcomes = _race([lambda t=t: svc.join_by_code(hackathon, person, t.invite_code) for t in teams])
    assert outcomes.count("ok") == 1
    assert Membership.objects.filter(event=hackathon, user=person).count() == 1


def test_double_clicked_votes_leave_one_vote(hackathon, make_participant):
    from teams.models import Vote
    from teams.services import submissions, voting

    hackathon_settings(hackathon, peoples_choice=True)
    subs = []
    for i in range(3):
        team = svc.create_team(hackathon, make_participant(hackathon), f"Voted {i}")
        subs.append(submissions.save_submission(team, team.captain, {"title": f"P{i}", "summary": "s"}, submit=True))
    voter = make_participant(hackathon)
    outcomes = _race([lambda s=s: voting.cast_vote(hackathon, voter, s) for s in subs * 2])
    assert outcomes.count("ok") == 6
    assert Vote.objects.filter(event=hackathon, user=voter).count() == 1
