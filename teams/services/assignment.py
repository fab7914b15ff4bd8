"""Rubric assignment: every submitted project gets at least k judges, spread evenly.

Greedy and deterministic: projects with the fewest eligible judges go first (they are the hard ones),
and each takes the eligible judges with the lightest load (ties by judge id). A judge limited to tracks
only gets projects in one of those tracks; conflicts (declared or automatic) are never assigned.
Re-running keeps every existing assignment that is still valid, and every assignment that already
has scores, so adding judges later only fills the gaps.
"""

import heapq
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from ..exceptions import TeamsError
from ..models import Judge, JudgeAssignment, Score, Submission
from .common import audit, hackathon_settings, require_organizer
from .judges import conflict_pairs


@dataclass
class Plan:
    new: list = field(default_factory=list)  # (judge id, project id)
    drop: list = field(default_factory=list)  # existing pairs no longer valid and without scores
    short: dict = field(default_factory=dict)  # project id -> how many judges it still lacks


def plan_assignments(projects, judges, conflicts, existing, scored, k):
    """Pure planning step.

    projects: {project id: frozenset of track ids}; judges: {judge id: frozenset of track ids (empty: all)};
    conflicts: set of (judge id, project id); existing: set of (judge id, project id); scored: subset of
    existing that has scores.
    """
    plan = Plan()

    def eligible(j, p):
        limit = judges[j]
        return (not limit or bool(limit & projects[p])) and (j, p) not in conflicts

    have = {p: set() for p in projects}
    load = dict.fromkeys(judges, 0)
    for j, p in sorted(existing):
        if p in projects and j in judges and (eligible(j, p) or (j, p) in scored):
            have[p].add(j)
            load[j] += 1
        elif (j, p) not in scored:
            plan.drop.append((j, p))
    judge_ids = sorted(judges)
    options = {p: [j for j in judge_ids if eligible(j, p)] for p in projects}
    for p in sorted(projects, key=lambda p: (len(options[p]), p)):
        need = k - len(have[p])
        if need <= 0:
            continue
        chosen = heapq.nsmallest(need, (j for j in options[p] if j not in have[p]), key=lambda j: (load[j], j))
        for j in chosen:
            have[p].add(j)
            load[j] += 1
            plan.new.append((j, p))
        if len(chosen) < need:
            plan.short[p] = need - len(chosen)
    _rebalance(plan, options, have, load)
    _augment(plan, options, have, load)
    return plan


def _rebalance(plan, options, have, load):
    """Move new assignments from heavy to light judges until no move narrows the spread.

    Greedy order can leave a judge limited to one track idle while others carry more; each move takes
    one new (unscored) assignment from a judge to an eligible judge with at least two fewer.
    """
    moved = True
    while moved:
        moved = False
        for index, (j, p) in enumerate(plan.new):
            best = None
            for j2 in options[p]:
                if (
                    j2 not in have[p]
                    and load[j2] < load[j] - 1
                    and (best is None or (load[j2], j2) < (load[best], best))
                ):
                    best = j2
            if best is not None:
                have[p].discard(j)
                have[p].add(best)
                load[j] -= 1
                load[best] += 1
                plan.new[index] = (best, p)
                moved = True


def run_assignment(event, actor, k=None):
    require_organizer(actor, event)
    settings_obj = hackathon_settings(event)
    if not settings_obj.uses_rubric:
        raise TeamsError(_("This event does not use rubric judging."))
    k = k or settings_obj.judges_per_project
    with transaction.atomic():
        # The settings row serialises assignment runs for one event.
        type(settings_obj).objects.select_for_update().get(pk=settings_obj.pk)
        subs = Submission.objects.filter(event=event, submitted_at__isnull=False)
        projects = {}
        team_of = {}
        for sub_id, team_id, track_id in subs.values_list("pk", "team_id", "tracks"):
            projects.setdefault(sub_id, set())
            team_of[sub_id] = team_id
            if track_id:
                projects[sub_id].add(track_id)
        projects = {p: frozenset(t) for p, t in projects.items()}
        judges = {}
        for judge_id, track_id in Judge.objects.filter(
            event=event, user__isnull=False, voided_at__isnull=True
        ).values_list("pk", "tracks"):
            judges.setdefault(judge_id, set())
            if track_id:
                judges[judge_id].add(track_id)
        judges = {j: frozenset(t) for j, t in judges.items()}
        by_team = conflict_pairs(event)
        conflicts = {(j, p) for p, team in team_of.items() for (j, t) in by_team if t == team}
        existing = set(JudgeAssignment.objects.filter(judge__event=event).values_list("judge_id", "submission_id"))
        scored = set(Score.objects.filter(judge__event=event).values_list("judge_id", "submission_id").distinct())
        plan = plan_assignments(projects, judges, conflicts, existing, scored, k)
        for j, p in plan.drop:
            JudgeAssignment.objects.filter(judge_id=j, submission_id=p).delete()
        JudgeAssignment.objects.bulk_create(
            [JudgeAssignment(judge_id=j, submission_id=p) for j, p in plan.new], batch_size=1000
        )
        audit(
            event,
            actor,
            "judging.assigned",
            None,
            k=k,
            added=len(plan.new),
            dropped=len(plan.drop),
            short=len(plan.short),
        )
    return plan


def _augment(plan, options, have, load):
    """Chains of moves: the most loaded judge passes a project to B, B passes one to C, ... down to a judge
    with at least two fewer, so loads even out even when no direct move exists (limited tracks)."""
    from collections import deque

    while load:
        hi, lo = max(load.values()), min(load.values())
        if hi - lo <= 1:
            return
        by_judge = {}
        for index, (j, _p) in enumerate(plan.new):
            by_judge.setdefault(j, []).append(index)
        sources = sorted(j for j in load if load[j] == hi)
        came_from = dict.fromkeys(sources)
        queue = deque(sources)
        found = None
        while queue and found is None:
            a = queue.popleft()
            for index in by_judge.get(a, ()):
                p = plan.new[index][1]
                for b in options[p]:
                    if b in came_from or b in have[p]:
                        continue
                    came_from[b] = (a, index)
                    if load[b] <= hi - 2:
                        found = b
                        break
                    queue.append(b)
                if found is not None:
                    break
        if found is None:
            return
        steps = []
        node = found
        while came_from[node] is not None:
            a, index = came_from[node]
            steps.append((index, a, node))
            node = a
        for index, a, b in reversed(steps):
            p = plan.new[index][1]
            if b in have[p]:
                return  # a path crossing itself on one project: stop rather than double-assign
            have[p].discard(a)
            have[p].add(b)
            plan.new[index] = (b, p)
        load[node] -= 1
        load[found] += 1
