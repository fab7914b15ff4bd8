"""Rankings: rubric scores normalised per judge, pairwise ratings, People's Choice votes.

Everything here is a pure function of the stored rows, computed in a fixed order, so the same data
always gives the same ranking, to the last digit.

Rubric: each judge's scores (all criteria, all projects) are turned into z-scores against that judge's
own mean and spread, so a harsh and a lenient judge count the same. A judge's view of a project is the
criteria-weighted mean of their z-scores; a project's score is the mean over its judges. Ties break by
raw weighted average, then more judges, then earlier submission, then id.
"""

import math
from dataclasses import dataclass, field

from ..models import Criterion, Submission
from ..models import Score as ScoreRow
from .judges import conflict_pairs

EPS = 1e-9


@dataclass
class Row:
    submission: Submission
    score: float | None = None  # the ranking score (normalised rubric, pairwise rating, or combined)
    normalised: float | None = None
    raw: float | None = None
    judges: int = 0
    criteria_raw: dict = field(default_factory=dict)  # criterion id -> raw mean
    pairwise: float | None = None
    votes: int = 0
    rank: int = 0


def _stats(values):
    n = len(values)
    mean = math.fsum(values) / n
    var = math.fsum((v - mean) ** 2 for v in values) / n
    return mean, math.sqrt(var)


def rubric_scores(event):
    """{submission id: (normalised, raw, judges, {criterion id: raw mean})}."""
    weights = {c.pk: float(c.weight) for c in Criterion.objects.filter(event=event)}
    excluded = conflict_pairs(event)
    rows = sorted(
        (j, s, c, v, t)
        for j, s, c, v, t in ScoreRow.objects.filter(
            submission__event=event, judge__voided_at__isnull=True, submission__submitted_at__isnull=False
        ).values_list("judge_id", "submission_id", "criterion_id", "value", "submission__team_id")
        if c in weights and (j, t) not in excluded
    )
    by_judge = {}
    for j, _s, _c, v, _t in rows:
        by_judge.setdefault(j, []).append(v)
    stats = {j: _stats(vals) for j, vals in by_judge.items()}
    per_pair = {}  # (s, j) -> list of (c, v, z)
    for j, s, c, v, _t in rows:
        mean, sd = stats[j]
        z = (v - mean) / sd if sd > EPS else 0.0
        per_pair.setdefault((s, j), []).append((c, v, z))
    per_sub = {}
    for (s, _j), items in sorted(per_pair.items()):
        wsum = math.fsum(weights[c] for c, _v, _z in items)
        z = math.fsum(weights[c] * z for c, _v, z in items) / wsum
        raw = math.fsum(weights[c] * v for c, v, _z in items) / wsum
        entry = per_sub.setdefault(s, {"z": [], "raw": [], "crit": {}})
        entry["z"].append(z)
        entry["raw"].append(raw)
        for c, v, _z in items:
            entry["crit"].setdefault(c, []).append(v)
    out = {}
    for s, entry in per_sub.items():
        n = len(entry["z"])
        out[s] = (
            math.fsum(entry["z"]) / n,
            math.fsum(entry["raw"]) / n,
            n,
            {c: math.fsum(vs) / len(vs) for c, vs in sorted(entry["crit"].items())},
        )
    return out


def _standardise(values):
    """{id: x} -> {id: z} across projects (0 when everyone is equal)."""
    if not values:
        return {}
    mean, sd = _stats([values[k] for k in sorted(values)])
    return {k: ((v - mean) / sd if sd > EPS else 0.0) for k, v in values.items()}


def ranking(event, track=None):
    """Ranked rows of submitted projects (overall, or those entered in one track)."""
    from .common import hackathon_settings
    from .pairwise import current_ratings
    from .voting import vote_counts

    settings_obj = hackathon_settings(event)
    subs = Submission.objects.filter(event=event, submitted_at__isnull=False).select_related("team")
    if track is not None:
        subs = subs.filter(tracks=track)
    subs = list(subs.order_by("pk"))
    rubric = rubric_scores(event) if settings_obj.uses_rubric else {}
    pairwise = current_ratings(event) if settings_obj.uses_pairwise else {}
    votes = vote_counts(event)
    rows = []
    for sub in subs:
        row = Row(submission=sub, votes=votes.get(sub.pk, 0))
        if sub.pk in rubric:
            row.normalised, row.raw, row.judges, row.criteria_raw = rubric[sub.pk]
        if sub.pk in pairwise:
            row.pairwise = pairwise[sub.pk]
        rows.append(row)
    if settings_obj.uses_rubric and settings_obj.uses_pairwise:
        zr = _standardise({r.submission.pk: r.normalised for r in rows if r.normalised is not None})
        zp = _standardise({r.submission.pk: r.pairwise for r in rows if r.pairwise is not None})
        for r in rows:
            parts = [x for x in (zr.get(r.submission.pk), zp.get(r.submission.pk)) if x is not None]
            r.score = math.fsum(parts) / len(parts) if parts else None
    elif settings_obj.uses_rubric:
        for r in rows:
            r.score = r.normalised
    else:
        for r in rows:
            r.score = r.pairwise
    rows.sort(key=_sort_key)
    for i, r in enumerate(rows, start=1):
        r.rank = i
    return rows


def _sort_key(r):
    def q(x):
        return -round(x, 9) if x is not None else math.inf

    return (
        r.score is None,
        q(r.score),
        q(r.raw),
        -r.judges,
        r.submission.submitted_at,
        r.submission.pk,
    )


def peoples_choice(event):
    from .voting import vote_counts

    votes = vote_counts(event)
    subs = Submission.objects.filter(event=event, submitted_at__isnull=False).select_related("team")
    rows = [Row(submission=s, votes=votes.get(s.pk, 0), score=float(votes.get(s.pk, 0))) for s in subs]
    rows.sort(key=lambda r: (-r.votes, r.submission.submitted_at, r.submission.pk))
    for i, r in enumerate(rows, start=1):
        r.rank = i
    return rows
