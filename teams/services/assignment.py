"""Rubric assignment: every submitted project gets k judges, as a well-mixed, connected design.

Why mixed: a judge's leniency can only be told apart from the quality of what they saw when their
projects are also seen by many other judges, who saw yet others. If judges came in closed groups that
all saw the same projects, each group's best project would look strong whatever its real quality.

The planning step is a pure function, deterministic for the same input (a seeded shuffle breaks ties):
  - projects with the fewest eligible judges go first; each takes, one at a time, an eligible judge
    with the lightest load and, among those, the one who shares the fewest projects with the judges
    it already has;
  - moves and chains of moves then even out loads (a judge limited to a track may otherwise sit idle)
    so that loads differ by at most one wherever eligibility allows it;
  - finally, pairs of new assignments in two separate parts of the judge-project graph are swapped
    until the graph is connected (when tracks and conflicts allow it).
A judge limited to tracks only gets projects in one of those tracks; conflicts (declared or
automatic) are never assigned. Re-running keeps every assignment that is still valid and every scored
one (unless the judge has since declared a conflict: those scores are void and the project needs a
new judge), so adding judges later only fills the gaps.
"""

import random
from collections import deque
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


def plan_assignments(projects, judges, conflicts, existing, scored, k, seed=0):
    """Pure planning step.

    projects: {project id: frozenset of track ids}; judges: {judge id: frozenset of track ids (empty: all)};
    conflicts: set of (judge id, project id); existing: set of (judge id, project id); scored: the pairs
    with (non-void) scores; k: judges per project, or {project id: judges wanted} for a second round.
    """
    plan = Plan()
    rng = random.Random(seed)
    want = k if isinstance(k, dict) else dict.fromkeys(projects, k)

    def eligible(j, p):
        limit = judges[j]
        return (not limit or bool(limit & projects[p])) and (j, p) not in conflicts

    have = {p: set() for p in projects}
    load = dict.fromkeys(judges, 0)
    for j, p in sorted(existing):
        valid = p in projects and j in judges and (j, p) not in conflicts
        if valid and (eligible(j, p) or (j, p) in scored):
            have[p].add(j)
            load[j] += 1
        elif (j, p) not in scored or (j, p) in conflicts:
            plan.drop.append((j, p))
    judge_ids = sorted(judges)
    tiebreak = dict(zip(judge_ids, rng.sample(range(len(judge_ids)), len(judge_ids)), strict=True))
    project_key = dict(zip(sorted(projects), rng.sample(range(len(projects)), len(projects)), strict=True))
    options = {p: [j for j in judge_ids if eligible(j, p)] for p in projects}
    partners = {j: {} for j in judges}  # judge -> {other judge: projects they share}

    def share(j1, j2):
        return partners[j1].get(j2, 0)

    def join(j, p):
        for other in have[p]:
            partners[j][other] = partners[j].get(other, 0) + 1
            partners[other][j] = partners[other].get(j, 0) + 1
        have[p].add(j)
        load[j] += 1

    def leave(j, p):
        have[p].discard(j)
        load[j] -= 1
        for other in have[p]:
            partners[j][other] -= 1
            partners[other][j] -= 1

    for p in sorted(have):
        members = sorted(have[p])
        have[p] = set()
        for j in members:
            load[j] -= 1
            join(j, p)

    for p in sorted(projects, key=lambda p: (len(options[p]), project_key[p])):
        need = want.get(p, 0) - len(have[p])
        added = 0
        while added < need:
            # The eligible judges with the lightest load (one pass: this runs k times per project).
            taken, lightest, pool = have[p], None, []
            for j in options[p]:
                if j in taken:
                    continue
                n = load[j]
                if lightest is None or n < lightest:
                    lightest, pool = n, [j]
                elif n == lightest:
                    pool.append(j)
            if not pool:
                break
            # Penalty: projects already shared with the judges p has (squared), from the partner lists.
            penalty = {}
            for o in have[p]:
                for j, n in partners[o].items():
                    if n:
                        penalty[j] = penalty.get(j, 0) + n * n
            least = min(penalty.get(j, 0) for j in pool)
            pool = [j for j in pool if penalty.get(j, 0) == least]
            # A fresh random draw per choice: a fixed order of judges would repeat the same groups.
            best = pool[rng.randrange(len(pool))]
            join(best, p)
            plan.new.append((best, p))
            added += 1
        if added < need:
            plan.short[p] = need - added
    _rebalance(plan, options, have, load, join, leave, share, tiebreak)
    _augment(plan, options, have, load, join, leave)
    kept_unscored = sorted((j, p) for p, js in have.items() for j in js if (j, p) in existing and (j, p) not in scored)
    _rebalance_kept(plan, options, have, load, join, leave, share, tiebreak, kept_unscored)
    _connect(plan, options, have, judges)
    return plan


def _rebalance(plan, options, have, load, join, leave, share, tiebreak):
    """Move new assignments from heavy to light judges until no move narrows the spread.

    Greedy order can leave a judge limited to one track idle while others carry more; each move takes
    one new (unscored) assignment from a judge to an eligible judge with at least two fewer.
    """
    moved = True
    while moved:
        moved = False
        lowest = min(load.values(), default=0)
        for index, (j, p) in enumerate(plan.new):
            if load[j] - lowest <= 1:
                continue
            pool = [j2 for j2 in options[p] if j2 not in have[p] and load[j2] < load[j] - 1]
            if pool:
                leave(j, p)
                best = min(pool, key=lambda j2: (load[j2], sum(share(j2, o) for o in have[p]), tiebreak[j2]))
                join(best, p)
                plan.new[index] = (best, p)
                moved = True


def _rebalance_kept(plan, options, have, load, join, leave, share, tiebreak, kept_unscored):
    """Last resort for even loads: hand an earlier, still unscored assignment of the busiest judge to a
    judge with at least two fewer (after a judge dropped out of one project through a late conflict)."""
    for j, p in kept_unscored:
        if not load or max(load.values()) - min(load.values()) <= 1:
            return
        pool = [j2 for j2 in options[p] if j2 not in have[p] and load[j2] < load[j] - 1]
        if load[j] != max(load.values()) or not pool:
            continue
        leave(j, p)
        best = min(pool, key=lambda j2: (load[j2], sum(share(j2, o) for o in have[p]), tiebreak[j2]))
        join(best, p)
        plan.drop.append((j, p))
        plan.new.append((best, p))


def _augment(plan, options, have, load, join, leave):
    """Chains of moves: the most loaded judge passes a project to B, B passes one to C, ... down to a judge
    with at least two fewer, so loads even out even when no direct move exists (limited tracks)."""
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
        if len({plan.new[index][1] for index, _a, _b in steps}) != len(steps):
            return  # a path crossing itself on one project: stop rather than double-assign
        for index, a, b in reversed(steps):
            p = plan.new[index][1]
            leave(a, p)
            join(b, p)
            plan.new[index] = (b, p)


def components(pairs):
    """Connected parts of the judge-project graph: a list of (judges, projects) sets, largest first."""
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for j, p in pairs:
        a, b = find(("j", j)), find(("p", p))
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups = {}
    for node in sorted(parent):
        groups.setdefault(find(node), (set(), set()))
        kind, pk = node
        groups[find(node)][0 if kind == "j" else 1].add(pk)
    return sorted(groups.values(), key=lambda g: (-len(g[0]) - len(g[1]), min(g[1] or {0})))


def _connect(plan, options, have, judges):
    """Swap two new assignments (j1, p1), (j2, p2) from different parts into (j1, p2), (j2, p1) until the
    graph is one piece: loads and judges per project stay the same, and every judge stays eligible."""
    eligible = {p: set(js) for p, js in options.items()}
    for _attempt in range(len(plan.new)):
        pairs = [(j, p) for p, js in have.items() for j in js]
        parts = components(pairs)
        if len(parts) <= 1:
            return
        part_of = {}
        for i, (_js, ps) in enumerate(parts):
            for p in ps:
                part_of[p] = i
        merged = False
        for x, (j1, p1) in enumerate(plan.new):
            for y in range(x + 1, len(plan.new)):
                j2, p2 = plan.new[y]
                if part_of[p1] == part_of[p2] or j1 == j2:
                    continue
                if j1 in eligible[p2] and j2 in eligible[p1] and j1 not in have[p2] and j2 not in have[p1]:
                    have[p1].discard(j1)
                    have[p2].discard(j2)
                    have[p1].add(j2)
                    have[p2].add(j1)
                    before = len(parts)
                    after = len(components([(j, p) for p, js in have.items() for j in js]))
                    if after < before:
                        plan.new[x], plan.new[y] = (j2, p1), (j1, p2)
                        merged = True
                        break
                    have[p1].discard(j2)
                    have[p2].discard(j1)
                    have[p1].add(j1)
                    have[p2].add(j2)
            if merged:
                break
        if not merged:
            return


def assignment_inputs(event):
    """Read what planning needs: projects, judges, conflicts, existing and scored pairs."""
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
    for judge_id, track_id in Judge.objects.filter(event=event, user__isnull=False, voided_at__isnull=True).values_list(
        "pk", "tracks"
    ):
        judges.setdefault(judge_id, set())
        if track_id:
            judges[judge_id].add(track_id)
    judges = {j: frozenset(t) for j, t in judges.items()}
    by_team = conflict_pairs(event)
    conflicts = {(j, p) for p, team in team_of.items() for (j, t) in by_team if t == team}
    existing = set(JudgeAssignment.objects.filter(judge__event=event).values_list("judge_id", "submission_id"))
    scored = set(
        Score.objects.filter(judge__event=event, voided_at__isnull=True)
        .values_list("judge_id", "submission_id")
        .distinct()
    )
    return projects, judges, conflicts, existing, scored


def _apply(event, actor, plan, action, **data):
    for j, p in plan.drop:
        JudgeAssignment.objects.filter(judge_id=j, submission_id=p).delete()
    JudgeAssignment.objects.bulk_create(
        [JudgeAssignment(judge_id=j, submission_id=p) for j, p in plan.new], batch_size=1000
    )
    audit(event, actor, action, None, added=len(plan.new), dropped=len(plan.drop), short=len(plan.short), **data)


def run_assignment(event, actor, k=None):
    require_organizer(actor, event)
    settings_obj = hackathon_settings(event)
    if not settings_obj.uses_rubric:
        raise TeamsError(_("This event does not use rubric judging."))
    k = k or settings_obj.judges_per_project
    with transaction.atomic():
        # The settings row serialises assignment runs for one event.
        type(settings_obj).objects.select_for_update().get(pk=settings_obj.pk)
        projects, judges, conflicts, existing, scored = assignment_inputs(event)
        plan = plan_assignments(projects, judges, conflicts, existing, scored, k, seed=event.pk)
        _apply(event, actor, plan, "judging.assigned", k=k)
    return plan


def add_judges(event, actor, project_ids, extra):
    """Second round: `extra` more judges for each of the given projects, with the same rules."""
    require_organizer(actor, event)
    settings_obj = hackathon_settings(event)
    if not settings_obj.uses_rubric:
        raise TeamsError(_("This event does not use rubric judging."))
    if not settings_obj.judging_open():
        raise TeamsError(_("Judging has closed; reopen it (judging close time) before adding judges."))
    with transaction.atomic():
        type(settings_obj).objects.select_for_update().get(pk=settings_obj.pk)
        projects, judges, conflicts, existing, scored = assignment_inputs(event)
        targets = [p for p in sorted(set(project_ids)) if p in projects]
        if not targets:
            raise TeamsError(_("No project needs more judges."))
        current = dict.fromkeys(projects, 0)
        for j, p in existing:
            if p in projects and j in judges and (j, p) not in conflicts:
                current[p] += 1
        want = {p: current[p] + (extra if p in targets else 0) for p in projects}
        plan = plan_assignments(projects, judges, conflicts, existing, scored, want, seed=event.pk)
        _apply(event, actor, plan, "judging.second_round", projects=targets, extra=extra)
    return plan
