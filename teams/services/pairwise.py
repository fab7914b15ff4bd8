"""Pairwise judging (after Gavel): a judge walks from project to project and says which of the last
two was better. Ratings are a Crowd-BT fit of the whole comparison log, so voiding a vote or a judge
and refitting gives the ranking as if it had never counted.

Model (Crowd-BT, Chen et al. 2013): project i has a score s_i, P(i beats j) = sigmoid(s_i - s_j);
judge k reports the true order with probability eta_k (a Beta(a, b) prior keeps it near 0.9). Fitted
by EM: the E-step weighs each vote by the chance the judge got it right, the M-step takes a
minorise-maximise step on the scores (Gaussian prior, precision LAMBDA) and the posterior mean of each
eta. Fixed order, fixed iterations, float64: the same log always gives the same numbers.

Next project: among the projects this judge may see (tracks, conflicts, not seen yet, not in front of
another judge right now), those below the minimum number of views come first; among them the one with
the highest expected information gain against the judge's previous project:
0.5 * log(1 + (2 eta - 1)^2 * p (1 - p) * (sigma_i^2 + sigma_j^2)).
"""

import datetime
import math

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import TeamsError
from ..models import Comparison, ConflictOfInterest, Judge, Membership, PairwiseRating, PairwiseSeen, Submission
from .common import audit, hackathon_settings, require_organizer

LAMBDA = 2.0  # prior precision on scores (Gavel's prior too: a few votes per project should not look certain)
ETA_A, ETA_B = 9.0, 1.0  # Beta prior on judge reliability: mean 0.9
BUSY_FOR = datetime.timedelta(minutes=15)  # a project another judge opened this recently is "taken"
MAX_ITER = 300
TOL = 1e-10


# -- the fit -----------------------------------------------------------------


def fit(n_items, winners, losers, judges, n_judges, start=None):
    """Crowd-BT by EM. Arrays of item / judge indices; returns (scores, variances, reliabilities).

    start: optional (scores, reliabilities) to begin from, for simulations that refit after every vote;
    the site always fits from scratch, so its ratings depend on the log alone."""
    w = np.asarray(winners, dtype=np.int64)
    loser = np.asarray(losers, dtype=np.int64)
    jk = np.asarray(judges, dtype=np.int64)
    s = np.zeros(n_items)
    eta = np.full(n_judges, (ETA_A - 1) / (ETA_A + ETA_B - 2) if ETA_A + ETA_B > 2 else 0.9)
    if start is not None:
        s0, eta0 = start
        s[: len(s0)] = s0[:n_items]
        eta[: min(len(eta0), n_judges)] = eta0[:n_judges]
    counts = np.bincount(w, minlength=n_items) + np.bincount(loser, minlength=n_items)
    per_judge = np.bincount(jk, minlength=n_judges).astype(float)
    # Minorise-maximise curvature: each comparison bounds the Hessian by 1/2 on each of its two items.
    curvature = 0.5 * counts + LAMBDA
    if len(w):
        for _step in range(MAX_ITER):
            p = 1.0 / (1.0 + np.exp(-(s[w] - s[loser])))
            e = eta[jk]
            agree = e * p
            r = agree / (agree + (1.0 - e) * (1.0 - p))  # chance the vote shows the true order
            eta = (np.bincount(jk, weights=r, minlength=n_judges) + ETA_A - 1) / (per_judge + ETA_A + ETA_B - 2)
            eta = np.clip(eta, 0.5, 0.999)
            g = r - p
            grad = np.bincount(w, weights=g, minlength=n_items) - np.bincount(loser, weights=g, minlength=n_items)
            grad -= LAMBDA * s
            delta = grad / curvature
            s = s + delta
            if np.max(np.abs(delta)) < TOL:
                break
    p = 1.0 / (1.0 + np.exp(-(s[w] - s[loser]))) if len(w) else np.zeros(0)
    info = (2 * eta[jk] - 1) ** 2 * p * (1 - p) if len(w) else np.zeros(0)
    fisher = np.bincount(w, weights=info, minlength=n_items) + np.bincount(loser, weights=info, minlength=n_items)
    return s, 1.0 / (fisher + LAMBDA), eta


def _log(event):
    return list(
        Comparison.objects.filter(event=event, voided_at__isnull=True, judge__voided_at__isnull=True)
        .order_by("pk")
        .values_list("winner_id", "loser_id", "judge_id")
    )


def fit_event(event):
    """{submission id: (mu, sigma^2)}, {judge id: eta} from the full, non-voided log."""
    subs = list(
        Submission.objects.filter(event=event, submitted_at__isnull=False).order_by("pk").values_list("pk", flat=True)
    )
    index = {pk: i for i, pk in enumerate(subs)}
    log = [(w, loser, j) for w, loser, j in _log(event) if w in index and loser in index]
    judge_ids = sorted({j for _w, _l, j in log})
    jindex = {pk: i for i, pk in enumerate(judge_ids)}
    s, var, eta = fit(
        len(subs),
        [index[w] for w, _l, _j in log],
        [index[loser] for _w, loser, _j in log],
        [jindex[j] for _w, _l, j in log],
        len(judge_ids),
    )
    ratings = {pk: (float(s[i]), float(var[i])) for pk, i in index.items()}
    return ratings, {pk: float(eta[i]) for pk, i in jindex.items()}


def current_ratings(event):
    """{submission id: mu}, computed from the log now (the stored rows are only a cache)."""
    ratings, _eta = fit_event(event)
    return {pk: mu for pk, (mu, _v) in ratings.items()}


def refit(event_id):
    """Rewrite the cached ratings and judge reliabilities of an event from the log."""
    from events.models import EventPage

    event = EventPage.objects.get(pk=event_id)
    ratings, etas = fit_event(event)
    views = _count_views(event)
    with transaction.atomic():
        # The cache is rewritten whole: two statements, whatever the number of projects.
        PairwiseRating.objects.filter(submission__event=event).delete()
        PairwiseRating.objects.bulk_create(
            [
                PairwiseRating(submission_id=pk, mu=mu, sigma_sq=var, views=views.get(pk, 0))
                for pk, (mu, var) in ratings.items()
            ]
        )
        changed = []
        for judge in Judge.objects.filter(event=event).only("pk", "reliability"):
            eta = etas.get(judge.pk, 0.9)
            if judge.reliability != eta:
                judge.reliability = eta
                changed.append(judge)
        Judge.objects.bulk_update(changed, ["reliability"], batch_size=500)
    return ratings


def schedule_refit(event_id):
    from ..tasks import refit_pairwise

    transaction.on_commit(lambda: refit_pairwise.enqueue(event_id))


# -- choosing the next project ----------------------------------------------------


def expected_gain(mu_a, var_a, mu_b, var_b, eta):
    p = 1.0 / (1.0 + math.exp(-(mu_a - mu_b)))
    return 0.5 * math.log1p((2 * eta - 1) ** 2 * p * (1 - p) * (var_a + var_b))


def _scramble(c, salt):
    """A fixed pseudo-random order of projects, different for each judge (Knuth's multiplicative hash):
    ties between equally useful projects are not always broken towards the same ones, so judges' walks
    cross each other instead of running in parallel."""
    return ((c * 2654435761) ^ (salt * 40503 + 0x9E3779B9)) % 4294967296


def choose_next(candidates, views, ratings, previous, eta, min_views, salt=0):
    """Pure choice. candidates: sorted ids; views: {id: n}; ratings: {id: (mu, var)}; salt: the judge."""
    if not candidates:
        return None
    under = [c for c in candidates if views.get(c, 0) < min_views]
    pool = under or candidates
    if previous is None or previous not in ratings:
        return min(pool, key=lambda c: (views.get(c, 0), _scramble(c, salt), c))
    mu_p, var_p = ratings[previous]

    def key(c):
        mu, var = ratings.get(c, (0.0, 1.0 / LAMBDA))
        return (-round(expected_gain(mu_p, var_p, mu, var, eta), 12), views.get(c, 0), _scramble(c, salt), c)

    return min(pool, key=key)


def candidates_for(judge, now=None):
    now = now or timezone.now()
    event = judge.event
    subs = Submission.objects.filter(event=event, submitted_at__isnull=False)
    track_ids = list(judge.tracks.values_list("pk", flat=True))
    if track_ids:
        subs = subs.filter(tracks__in=track_ids)
    rows = set(subs.values_list("pk", "team_id"))
    blocked_teams = set(ConflictOfInterest.objects.filter(judge=judge).values_list("team_id", flat=True))
    if judge.user_id:
        blocked_teams |= set(
            Membership.objects.filter(event=event, user_id=judge.user_id).values_list("team_id", flat=True)
        )
    seen = set(PairwiseSeen.objects.filter(judge=judge).values_list("submission_id", flat=True))
    busy = set(
        Judge.objects.filter(event=event, pairwise_since__gte=now - BUSY_FOR, voided_at__isnull=True)
        .exclude(pk=judge.pk)
        .exclude(pairwise_current__isnull=True)
        .values_list("pairwise_current_id", flat=True)
    )
    return sorted(pk for pk, team in rows if team not in blocked_teams and pk not in seen and pk not in busy)


def _count_views(event):
    return dict(
        PairwiseSeen.objects.filter(submission__event=event, skipped=False, judge__voided_at__isnull=True)
        .values("submission_id")
        .annotate(n=Count("pk"))
        .values_list("submission_id", "n")
    )


def _bump_views(submission_id, delta):
    """Keep the cached view count current between refits (the refit recounts from the log)."""
    updated = PairwiseRating.objects.filter(submission_id=submission_id).update(views=F("views") + delta)
    if not updated and delta > 0:
        try:
            with transaction.atomic():
                PairwiseRating.objects.create(submission_id=submission_id, views=delta, sigma_sq=1.0 / LAMBDA)
        except IntegrityError:
            PairwiseRating.objects.filter(submission_id=submission_id).update(views=F("views") + delta)


def pick_next(judge):
    """Choose (without saving) the next project for a judge; None when there is nothing left."""
    settings_obj = hackathon_settings(judge.event)
    candidates = candidates_for(judge)
    if not candidates:
        return None
    ratings, views = {}, {}
    for pk, mu, var, n in PairwiseRating.objects.filter(submission__event=judge.event).values_list(
        "submission_id", "mu", "sigma_sq", "views"
    ):
        ratings[pk] = (mu, var)
        views[pk] = n
    return choose_next(
        candidates,
        views,
        ratings,
        judge.pairwise_previous_id,
        judge.reliability,
        settings_obj.pairwise_min_views,
        salt=judge.pk,
    )


def _check_judge(judge, actor):
    settings_obj = hackathon_settings(judge.event)
    if judge.user_id != actor.pk or judge.voided_at is not None:
        raise TeamsError(_("Only the judge can do that."))
    if not settings_obj.uses_pairwise:
        raise TeamsError(_("This event does not use pairwise judging."))
    if not settings_obj.judging_open():
        raise TeamsError(_("Judging has closed."))


def _advance(judge, actor, make_previous):
    """Inside a transaction with the judge locked: move on to a freshly chosen project."""
    if make_previous and judge.pairwise_current_id:
        judge.pairwise_previous_id = judge.pairwise_current_id
    judge.pairwise_current_id = None
    nxt = pick_next(judge)
    judge.pairwise_current_id = nxt
    judge.pairwise_since = timezone.now() if nxt else None
    judge.save(update_fields=["pairwise_current", "pairwise_previous", "pairwise_since"])
    if nxt:
        _seen, created = PairwiseSeen.objects.get_or_create(judge=judge, submission_id=nxt)
        if created:
            _bump_views(nxt, 1)
    return nxt


def current_project(judge, actor):
    """The project in front of the judge, choosing one if there is none."""
    _check_judge(judge, actor)
    if judge.pairwise_current_id:
        return judge.pairwise_current_id
    with transaction.atomic():
        judge = Judge.objects.select_for_update().get(pk=judge.pk)
        if judge.pairwise_current_id:
            return judge.pairwise_current_id
        return _advance(judge, actor, make_previous=False)


def begin_comparing(judge, actor):
    """First project seen: it becomes the 'previous' one, and the judge gets a second."""
    _check_judge(judge, actor)
    with transaction.atomic():
        judge = Judge.objects.select_for_update().get(pk=judge.pk)
        if judge.pairwise_current_id is None:
            raise TeamsError(_("There is no project in front of you."))
        return _advance(judge, actor, make_previous=True)


def record_vote(judge, actor, current_is_better, expected_current=None):
    """The judge says whether the current project beats the previous one; then moves on."""
    _check_judge(judge, actor)
    with transaction.atomic():
        judge = Judge.objects.select_for_update().get(pk=judge.pk)
        current, previous = judge.pairwise_current_id, judge.pairwise_previous_id
        if current is None or previous is None:
            raise TeamsError(_("There is no pair to compare yet."))
        if expected_current is not None and str(expected_current) != str(current):
            raise TeamsError(_("This page is out of date; here is your current project."))
        winner, loser = (current, previous) if current_is_better else (previous, current)
        comparison = Comparison.objects.create(event=judge.event, judge=judge, winner_id=winner, loser_id=loser)
        audit(judge.event, actor, "pairwise.vote", comparison, winner=winner, loser=loser)
        nxt = _advance(judge, actor, make_previous=True)
        schedule_refit(judge.event_id)
    return nxt


def skip_current(judge, actor):
    """The current project can't be judged (team absent...): move on without a verdict."""
    _check_judge(judge, actor)
    with transaction.atomic():
        judge = Judge.objects.select_for_update().get(pk=judge.pk)
        if judge.pairwise_current_id:
            if PairwiseSeen.objects.filter(judge=judge, submission_id=judge.pairwise_current_id, skipped=False).update(
                skipped=True
            ):
                _bump_views(judge.pairwise_current_id, -1)
            audit(judge.event, actor, "pairwise.skip", None, submission=judge.pairwise_current_id)
        return _advance(judge, actor, make_previous=False)


def set_comparison_voided(comparison, actor, voided):
    require_organizer(actor, comparison.event)
    if not voided:
        teams = Submission.objects.filter(pk__in=[comparison.winner_id, comparison.loser_id]).values("team_id")
        conflicted = ConflictOfInterest.objects.filter(judge_id=comparison.judge_id, team_id__in=teams).exists()
        member = Membership.objects.filter(team_id__in=teams, user_id=comparison.judge.user_id).exists()
        if conflicted or member:
            raise TeamsError(_("This vote stays void: the judge has a conflict with one of the two teams."))
    with transaction.atomic():
        comparison = Comparison.objects.select_for_update().get(pk=comparison.pk)
        comparison.voided_at = timezone.now() if voided else None
        comparison.save(update_fields=["voided_at"])
        audit(comparison.event, actor, "pairwise.voided" if voided else "pairwise.restored", comparison)
        schedule_refit(comparison.event_id)
    return comparison
