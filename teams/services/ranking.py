"""Rankings: the rubric model, pairwise ratings, People's Choice votes, and how sure each position is.

Everything here is a pure function of the stored rows, computed in a fixed order, so the same data
always gives the same ranking, to the last digit.

Rubric: teams/services/rubric_model.py fits each judge's leniency and scale jointly with each
project's quality per criterion, and combines the criteria with their weights. A project's score is
its adjusted score (what an average judge would give it), with a standard error and a 95% interval.
Void scores (a conflict declared after scoring), voided judges and conflicts are left out. Ties
break by raw weighted average, then more judges, then earlier submission, then id.

Pairwise: the Crowd-BT fit of the comparison log (teams/services/pairwise.py), with its variance.
Both: each part standardised across projects, then averaged.

A prize position is "too close to call" when the project holding it and the next one are closer
than CLOSE_Z standard errors of their difference (under 95% sure of their order).
"""

import math
from dataclasses import dataclass, field

import numpy as np

from ..models import Criterion, Judge, Prize, Submission
from ..models import Score as ScoreRow
from .judges import conflict_pairs
from .rubric_model import fit_rubric

EPS = 1e-9
Z95 = 1.959963984540054
CLOSE_Z = 1.6448536269514722  # one-sided 95%


@dataclass
class Row:
    submission: Submission
    score: float | None = None  # the ranking score (adjusted rubric score, pairwise rating, or combined)
    se: float | None = None  # its standard error
    adjusted: float | None = None  # rubric: adjusted weighted score (what an average judge would give)
    raw: float | None = None  # rubric: plain weighted mean of the judges' scores
    judges: int = 0
    criteria_raw: dict = field(default_factory=dict)  # criterion id -> raw mean
    criteria_adjusted: dict = field(default_factory=dict)  # criterion id -> adjusted score
    views: list = field(default_factory=list)  # each judge's view: dicts (judge, raw, leniency)
    pairwise: float | None = None
    pairwise_se: float | None = None
    votes: int = 0
    rank: int = 0
    close_call: bool = False  # a prize position it holds or contests is too close to call

    @property
    def low(self):
        return None if self.score is None or self.se is None else self.score - Z95 * self.se

    @property
    def high(self):
        return None if self.score is None or self.se is None else self.score + Z95 * self.se

    # Kept for templates and exports written against the previous model.
    @property
    def normalised(self):
        return self.adjusted


@dataclass
class JudgeView:
    judge: Judge
    leniency: float
    scale: float
    noise: float
    agreement: float | None
    scored: int
    unusual: bool = False


@dataclass
class RubricResult:
    projects: dict  # submission id -> dict(adjusted, se, raw, judges, criteria_raw, criteria_adjusted, views)
    judges: list  # JudgeView, by email


def rubric_result(event):
    """Fit the rubric model to the event's stored scores."""
    criteria = list(Criterion.objects.filter(event=event).order_by("order", "pk"))
    cindex = {c.pk: i for i, c in enumerate(criteria)}
    weights = [float(c.weight) for c in criteria]
    excluded = conflict_pairs(event)
    rows = sorted(
        (j, s, c, v)
        for j, s, c, v, t in ScoreRow.objects.filter(
            submission__event=event,
            judge__voided_at__isnull=True,
            voided_at__isnull=True,
            submission__submitted_at__isnull=False,
        ).values_list("judge_id", "submission_id", "criterion_id", "value", "submission__team_id")
        if c in cindex and (j, t) not in excluded
    )
    judge_ids = sorted({r[0] for r in rows})
    sub_ids = sorted({r[1] for r in rows})
    jindex = {pk: i for i, pk in enumerate(judge_ids)}
    sindex = {pk: i for i, pk in enumerate(sub_ids)}
    fit = fit_rubric(
        [(jindex[j], sindex[s], cindex[c], float(v)) for j, s, c, v in rows], weights, len(judge_ids), len(sub_ids)
    )
    # Raw weighted means per (judge, project), per project and per criterion.
    pair = {}
    crit = {}
    for j, s, c, v in rows:
        total, wsum = pair.get((s, j), (0.0, 0.0))
        pair[(s, j)] = (total + weights[cindex[c]] * v, wsum + weights[cindex[c]])
        crit.setdefault(s, {}).setdefault(c, []).append(v)
    judges = {j.pk: j for j in Judge.objects.filter(pk__in=judge_ids).select_related("user")}
    by_project = {}
    for (s, j), value in sorted(pair.items()):
        by_project.setdefault(s, []).append((j, value))
    projects = {}
    for s in sub_ids:
        i = sindex[s]
        views = []
        raws = []
        for j, (total, wsum) in by_project[s]:
            raws.append(total / wsum)
            views.append({"judge": judges[j], "raw": total / wsum, "leniency": float(fit.leniency[jindex[j]])})
        projects[s] = {
            "adjusted": float(fit.quality[i]),
            "se": float(fit.se[i]),
            "raw": math.fsum(raws) / len(raws),
            "judges": int(fit.judges[i]),
            "criteria_raw": {c: math.fsum(vs) / len(vs) for c, vs in sorted(crit[s].items())},
            "criteria_adjusted": {
                c.pk: float(fit.criteria[i, cindex[c.pk]])
                for c in criteria
                if not math.isnan(fit.criteria[i, cindex[c.pk]])
            },
            "views": views,
        }
    views = []
    leniency_sd = float(np.std(fit.leniency)) if len(judge_ids) > 1 else 0.0
    for j in judge_ids:
        i = jindex[j]
        agreement = None if math.isnan(fit.agreement[i]) else float(fit.agreement[i])
        view = JudgeView(
            judge=judges[j],
            leniency=float(fit.leniency[i]),
            scale=float(fit.scale[i]),
            noise=float(fit.noise[i]),
            agreement=agreement,
            scored=int(fit.n[i]),
        )
        view.unusual = (agreement is not None and agreement < 0.2) or (
            leniency_sd > EPS and abs(view.leniency) > 2.5 * leniency_sd and len(judge_ids) >= 5
        )
        views.append(view)
    views.sort(key=lambda v: (v.judge.email, v.judge.pk))
    return RubricResult(projects, views)


def _standardise(values):
    """{id: (x, se)} -> {id: (z, se / sd)} across projects (z = 0 when everyone is equal)."""
    if not values:
        return {}
    xs = [values[k][0] for k in sorted(values)]
    n = len(xs)
    mean = math.fsum(xs) / n
    sd = math.sqrt(math.fsum((x - mean) ** 2 for x in xs) / n)
    if sd <= EPS:
        return {k: (0.0, se) for k, (_x, se) in values.items()}
    return {k: ((x - mean) / sd, None if se is None else se / sd) for k, (x, se) in values.items()}


class Standings:
    """Everything the rankings need, fitted once: rubric model, pairwise ratings, votes."""

    def __init__(self, event):
        from .common import hackathon_settings
        from .pairwise import fit_event
        from .voting import vote_counts

        self.event = event
        self.settings = hackathon_settings(event)
        self.rubric = rubric_result(event) if self.settings.uses_rubric else RubricResult({}, [])
        self.pairwise = fit_event(event)[0] if self.settings.uses_pairwise else {}
        self.votes = vote_counts(event)
        self.submissions = list(
            Submission.objects.filter(event=event, submitted_at__isnull=False)
            .select_related("team")
            .prefetch_related("tracks")
            .order_by("pk")
        )
        self._cache = {}

    def ranking(self, track=None):
        key = track.pk if track is not None else None
        if key not in self._cache:
            self._cache[key] = self._rank(track)
        return self._cache[key]

    def _rank(self, track):
        subs = self.submissions
        if track is not None:
            subs = [s for s in subs if any(t.pk == track.pk for t in s.tracks.all())]
        rows = []
        for sub in subs:
            row = Row(submission=sub, votes=self.votes.get(sub.pk, 0))
            r = self.rubric.projects.get(sub.pk)
            if r is not None:
                row.adjusted, row.raw, row.judges = r["adjusted"], r["raw"], r["judges"]
                row.criteria_raw, row.criteria_adjusted, row.views = (
                    r["criteria_raw"],
                    r["criteria_adjusted"],
                    r["views"],
                )
                row.se = r["se"]
            if sub.pk in self.pairwise:
                mu, var = self.pairwise[sub.pk]
                row.pairwise, row.pairwise_se = mu, math.sqrt(var)
            rows.append(row)
        s = self.settings
        if s.uses_rubric and s.uses_pairwise:
            zr = _standardise({r.submission.pk: (r.adjusted, r.se) for r in rows if r.adjusted is not None})
            zp = _standardise({r.submission.pk: (r.pairwise, r.pairwise_se) for r in rows if r.pairwise is not None})
            for r in rows:
                parts = [x for x in (zr.get(r.submission.pk), zp.get(r.submission.pk)) if x is not None]
                if parts:
                    r.score = math.fsum(x for x, _se in parts) / len(parts)
                    r.se = math.sqrt(math.fsum(se * se for _x, se in parts)) / len(parts)
                else:
                    r.score = r.se = None
        elif s.uses_rubric:
            for r in rows:
                r.score = r.adjusted
        else:
            for r in rows:
                r.score, r.se = r.pairwise, r.pairwise_se
        rows.sort(key=_sort_key)
        for i, r in enumerate(rows, start=1):
            r.rank = i
        places = prize_places(self.event, track)
        for i in range(min(places, len(rows) - 1)):
            if too_close(rows[i], rows[i + 1]):
                rows[i].close_call = rows[i + 1].close_call = True
        return rows


def too_close(a, b):
    """Under 95% sure that a is better than b (given their standard errors)."""
    if a.score is None or b.score is None:
        return False
    se = math.sqrt((a.se or 0.0) ** 2 + (b.se or 0.0) ** 2)
    if se <= EPS:
        return a.score - b.score <= EPS
    return (a.score - b.score) / se < CLOSE_Z


def prize_places(event, track=None):
    """How many positions of this ranking win a (judged) prize."""
    prizes = Prize.objects.filter(event=event, peoples_choice=False, track=track)
    return max(prizes.values_list("place", flat=True), default=0)


def cut_offs(rows, places):
    """The scores between prize positions: midway between position i and i + 1, for i up to places."""
    scored = [r for r in rows if r.score is not None]
    return [(scored[i].score + scored[i + 1].score) / 2 for i in range(min(places, len(scored) - 1))]


def ranking(event, track=None):
    """Ranked rows of submitted projects (overall, or those entered in one track)."""
    return Standings(event).ranking(track)


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
    """Projects by votes; equal votes share a rank (a tie is shown as a tie, never broken)."""
    from .voting import vote_counts

    votes = vote_counts(event)
    subs = Submission.objects.filter(event=event, submitted_at__isnull=False).select_related("team")
    rows = [Row(submission=s, votes=votes.get(s.pk, 0), score=float(votes.get(s.pk, 0))) for s in subs]
    rows.sort(key=lambda r: (-r.votes, r.submission.title.casefold(), r.submission.pk))
    for i, r in enumerate(rows):
        r.rank = rows[i - 1].rank if i and rows[i - 1].votes == r.votes else i + 1
    return rows
