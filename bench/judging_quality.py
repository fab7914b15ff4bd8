"""How well does judging find the best projects? Synthetic hackathons with a hidden true quality.

    .venv/bin/python bench/judging_quality.py        # all sizes: 60 rubric seeds, 20 pairwise seeds each
    .venv/bin/python bench/judging_quality.py --seeds 20 --sizes 60x20 --skip pairwise

Each seed builds a hackathon: projects with a true quality on three criteria (weights 2, 1, 1), and
judges who are biased and noisy the way real ones are: a leniency offset (sd 0.75 on the 1-5 scale), a
scale factor between 0.5 and 1.5 (some use the whole scale, some stay near the middle), noise, and
about 10% careless judges whose scores say nothing about the project. Scores are rounded and clipped
to 1-5, k = 3 judges per project.

Rubric: Convene's model (teams/services/rubric_model.py), the raw weighted mean of the same scores and
per-judge z-scores (Convene's previous method), each on Convene's assignment (plan_assignments) and on
a random one (k distinct judges drawn per project). Printed: mean ± sd over seeds of Kendall's tau-b
against the true order and top-3 / top-10 precision, then paired differences (Convene minus the
others, same seed, same scores) with 95% t-intervals.

Pairwise: judges walk from project to project and say which of the last two was better (P(better one
wins) = logistic(d_j * quality difference), careless judges answer at random). Convene (its next-project
choice `choose_next` and its Crowd-BT EM fit `fit`, refitted after every vote, as the worker
does after each vote) against a faithful reimplementation of Gavel's (anishathalye/gavel,
gavel/crowd_bt.py and controllers/judge.py: the online Crowd-BT update, epsilon-greedy expected
information gain, MIN_VIEWS = 2, busy projects avoided), at 2, 4, 8 and 16 comparisons per project.

Finally, timings at 300 projects x 150 judges: the assignment plan and the rubric fit.
"""

import argparse
import math
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings.test")

import django  # noqa: E402

django.setup()

from teams.services import pairwise  # noqa: E402
from teams.services.assignment import components, plan_assignments  # noqa: E402
from teams.services.rubric_model import fit_rubric  # noqa: E402

WEIGHTS = np.array([2.0, 1.0, 1.0])
K = 3
T95 = {19: 2.093, 29: 2.045, 39: 2.023, 49: 2.010, 59: 2.001, 99: 1.984}


# -- the synthetic hackathon -------------------------------------------------------------


class World:
    def __init__(self, n_projects, n_judges, seed):
        rng = np.random.default_rng(seed)
        self.rng = rng
        self.n_projects, self.n_judges = n_projects, n_judges
        overall = rng.normal(size=n_projects)
        self.criteria = 0.8 * overall[:, None] + 0.6 * rng.normal(size=(n_projects, len(WEIGHTS)))
        self.truth = self.criteria @ WEIGHTS / WEIGHTS.sum()
        self.offset = rng.normal(0.0, 0.75, n_judges)
        self.scale = rng.uniform(0.5, 1.5, n_judges)
        self.careless = np.zeros(n_judges, dtype=bool)
        self.careless[rng.choice(n_judges, max(1, round(0.1 * n_judges)), replace=False)] = True
        self.tiebreak = rng.permutation(n_projects)

    def scores(self, pairs):
        """(judge, project, criterion, value) rows for the assigned pairs."""
        rng = self.rng
        rows = []
        for j, p in pairs:
            halo = rng.normal(0.0, 0.3)
            for c in range(len(WEIGHTS)):
                if self.careless[j]:
                    x = 3 + self.offset[j] + rng.normal(0.0, 1.0)
                else:
                    x = 3 + self.offset[j] + self.scale[j] * 0.9 * self.criteria[p, c] + halo + rng.normal(0.0, 0.5)
                rows.append((j, p, c, float(min(5, max(1, round(x))))))
        return rows

    def prefers(self, j, a, b):
        """Pairwise: does judge j say a is better than b?"""
        if self.careless[j]:
            return self.rng.random() < 0.5
        d = 1.5 * self.scale[j] * (self.truth[a] - self.truth[b])
        return self.rng.random() < 1.0 / (1.0 + math.exp(-d))


def convene_assignment(world, seed):
    projects = {p: frozenset() for p in range(world.n_projects)}
    judges = {j: frozenset() for j in range(world.n_judges)}
    plan = plan_assignments(projects, judges, set(), set(), set(), K, seed=seed)
    return sorted(plan.new)


def random_assignment(world):
    return sorted(
        (int(j), p) for p in range(world.n_projects) for j in world.rng.choice(world.n_judges, K, replace=False)
    )


# -- rankings -----------------------------------------------------------------------------


def rank_convene(rows, world):
    fit = fit_rubric(rows, WEIGHTS, world.n_judges, world.n_projects)
    return fit.quality


def _pair_means(rows, transform):
    per_pair = {}
    for j, p, c, x in rows:
        total, wsum = per_pair.get((j, p), (0.0, 0.0))
        per_pair[(j, p)] = (total + WEIGHTS[c] * transform(j, x), wsum + WEIGHTS[c])
    per_project = {}
    for (_j, p), (total, wsum) in per_pair.items():
        per_project.setdefault(p, []).append(total / wsum)
    return per_project


def rank_raw(rows, world):
    per_project = _pair_means(rows, lambda j, x: x)
    return np.array([np.mean(per_project[p]) if p in per_project else np.nan for p in range(world.n_projects)])


def rank_z(rows, world):
    """Convene's previous method: each judge's scores (all criteria) as z-scores, weighted, averaged."""
    by_judge = {}
    for j, _p, _c, x in rows:
        by_judge.setdefault(j, []).append(x)
    stats = {j: (np.mean(v), np.std(v)) for j, v in by_judge.items()}

    def z(j, x):
        mean, sd = stats[j]
        return (x - mean) / sd if sd > 1e-9 else 0.0

    per_project = _pair_means(rows, z)
    return np.array([np.mean(per_project[p]) if p in per_project else np.nan for p in range(world.n_projects)])


def kendall_tau_b(x, y):
    iu = np.triu_indices(len(x), 1)
    dx = np.sign(x[:, None] - x[None, :])[iu]
    dy = np.sign(y[:, None] - y[None, :])[iu]
    n0 = len(dx)
    n1, n2 = int((dx == 0).sum()), int((dy == 0).sum())
    return float((dx * dy).sum() / math.sqrt((n0 - n1) * (n0 - n2)))


def top_precision(estimate, world, n):
    est = np.nan_to_num(estimate, nan=-np.inf)
    order = np.lexsort((world.tiebreak, -est))  # ties broken at random (fixed per seed)
    true_top = set(np.argsort(-world.truth)[:n].tolist())
    return len(true_top & set(order[:n].tolist())) / n


def metrics(estimate, world):
    est = np.nan_to_num(estimate, nan=np.nanmin(estimate) - 1)
    return (kendall_tau_b(est, world.truth), top_precision(estimate, world, 3), top_precision(estimate, world, 10))


# -- pairwise -----------------------------------------------------------------------------

# Gavel's constants (gavel/crowd_bt.py, gavel/settings.py defaults).
G_GAMMA, G_KAPPA = 0.1, 0.0001
G_MU_PRIOR, G_SIGMA_SQ_PRIOR, G_ALPHA_PRIOR, G_BETA_PRIOR = 0.0, 1.0, 10.0, 1.0
G_EPSILON, G_MIN_VIEWS = 0.25, 2


def _digamma(x):
    x = np.asarray(x, dtype=np.float64).copy()
    out = np.zeros_like(x)
    for _ in range(8):  # recurrence up to x >= 8, then the asymptotic series
        small = x < 8
        out = np.where(small, out - 1.0 / x, out)
        x = np.where(small, x + 1.0, x)
    inv = 1.0 / x
    inv2 = inv * inv
    series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))))
    return out + np.log(x) - 0.5 * inv - series


def _lgamma(x):
    return np.vectorize(math.lgamma, otypes=[float])(x)


def _betaln(a, b):
    return _lgamma(a) + _lgamma(b) - _lgamma(a + b)


def _div_gaussian(mu_1, s1, mu_2, s2):
    ratio = s1 / s2
    return (mu_1 - mu_2) ** 2 / (2 * s2) + (ratio - 1 - np.log(ratio)) / 2


def _div_beta(a1, b1, a2, b2):
    return (
        _betaln(a2, b2)
        - _betaln(a1, b1)
        + (a1 - a2) * _digamma(a1)
        + (b1 - b2) * _digamma(b1)
        + (a2 - a1 + b2 - b1) * _digamma(a1 + b1)
    )


def _g_mus(alpha, beta, mu_w, s_w, mu_l, s_l):
    ew, el = np.exp(mu_w), np.exp(mu_l)
    mult = (alpha * ew) / (alpha * ew + beta * el) - ew / (ew + el)
    return mu_w + s_w * mult, mu_l - s_l * mult


def _g_sigmas(alpha, beta, mu_w, s_w, mu_l, s_l):
    ew, el = np.exp(mu_w), np.exp(mu_l)
    mult = (alpha * ew * beta * el) / ((alpha * ew + beta * el) ** 2) - (ew * el) / ((ew + el) ** 2)
    return s_w * np.maximum(1 + s_w * mult, G_KAPPA), s_l * np.maximum(1 + s_l * mult, G_KAPPA)


def _g_annotator(alpha, beta, mu_w, s_w, mu_l, s_l):
    ew, el = np.exp(mu_w), np.exp(mu_l)
    c_1 = ew / (ew + el) + 0.5 * (s_w + s_l) * (ew * el * (el - ew)) / ((ew + el) ** 3)
    c_2 = 1 - c_1
    c = (c_1 * alpha + c_2 * beta) / (alpha + beta)
    expt = (c_1 * (alpha + 1) * alpha + c_2 * alpha * beta) / (c * (alpha + beta + 1) * (alpha + beta))
    expt_sq = (c_1 * (alpha + 2) * (alpha + 1) * alpha + c_2 * (alpha + 1) * alpha * beta) / (
        c * (alpha + beta + 2) * (alpha + beta + 1) * (alpha + beta)
    )
    variance = expt_sq - expt**2
    return ((expt - expt_sq) * expt) / variance, (expt - expt_sq) * (1 - expt) / variance, c


def _g_gain(alpha, beta, mu_a, s_a, mu_b, s_b):
    """Gavel's expected_information_gain, elementwise over candidate b."""
    a1, b1, c = _g_annotator(alpha, beta, mu_a, s_a, mu_b, s_b)
    mu_a1, mu_b1 = _g_mus(alpha, beta, mu_a, s_a, mu_b, s_b)
    s_a1, s_b1 = _g_sigmas(alpha, beta, mu_a, s_a, mu_b, s_b)
    a2, b2, _ = _g_annotator(alpha, beta, mu_b, s_b, mu_a, s_a)
    mu_b2, mu_a2 = _g_mus(alpha, beta, mu_b, s_b, mu_a, s_a)
    s_b2, s_a2 = _g_sigmas(alpha, beta, mu_b, s_b, mu_a, s_a)
    return c * (
        _div_gaussian(mu_a1, s_a1, mu_a, s_a)
        + _div_gaussian(mu_b1, s_b1, mu_b, s_b)
        + G_GAMMA * _div_beta(a1, b1, alpha, beta)
    ) + (1 - c) * (
        _div_gaussian(mu_a2, s_a2, mu_a, s_a)
        + _div_gaussian(mu_b2, s_b2, mu_b, s_b)
        + G_GAMMA * _div_beta(a2, b2, alpha, beta)
    )


class Gavel:
    """gavel/controllers/judge.py: preferred_items, choose_next, perform_vote; ranking by mu."""

    def __init__(self, world, rng):
        self.world, self.rng = world, rng
        n, m = world.n_projects, world.n_judges
        self.mu = np.full(n, G_MU_PRIOR)
        self.sigma_sq = np.full(n, G_SIGMA_SQ_PRIOR)
        self.alpha = np.full(m, G_ALPHA_PRIOR)
        self.beta = np.full(m, G_BETA_PRIOR)
        self.viewed = np.zeros(n, dtype=np.int64)
        self.ignore = [set() for _ in range(m)]
        self.prev = [None] * m
        self.next = [None] * m
        self.votes = 0

    def preferred(self, j):
        items = [i for i in range(self.world.n_projects) if i not in self.ignore[j]]
        busy = {self.next[o] for o in range(self.world.n_judges) if self.next[o] is not None}
        nonbusy = [i for i in items if i not in busy]
        preferred = nonbusy or items
        less_seen = [i for i in preferred if self.viewed[i] < G_MIN_VIEWS]
        return less_seen or preferred

    def choose_next(self, j):
        items = self.preferred(j)
        if not items:
            return None
        self.rng.shuffle(items)
        if self.rng.random() < G_EPSILON:
            return items[0]
        prev = self.prev[j]
        cand = np.asarray(items)
        gains = _g_gain(
            self.alpha[j], self.beta[j], self.mu[prev], self.sigma_sq[prev], self.mu[cand], self.sigma_sq[cand]
        )
        return int(cand[int(np.argmax(gains))])  # max() keeps the first of equal gains, as argmax does

    def step(self, j):
        """One action of judge j: start (first project) or vote on (prev, next). False when done."""
        if self.next[j] is None:
            if self.prev[j] is not None:
                return False
            items = self.preferred(j)
            if not items:
                return False
            self.next[j] = items[int(self.rng.integers(len(items)))]
            return True
        nxt = self.next[j]
        if self.prev[j] is None:  # begin: Continue
            self.ignore[j].add(nxt)
            self.viewed[nxt] += 1
            self.prev[j] = nxt
            self.next[j] = self.choose_next(j)
            return True
        prev = self.prev[j]
        next_won = self.world.prefers(j, nxt, prev)
        winner, loser = (nxt, prev) if next_won else (prev, nxt)
        alpha, beta = self.alpha[j], self.beta[j]
        args = (alpha, beta, self.mu[winner], self.sigma_sq[winner], self.mu[loser], self.sigma_sq[loser])
        a1, b1, _c = _g_annotator(*args)
        mu_w, mu_l = _g_mus(*args)
        s_w, s_l = _g_sigmas(*args)
        self.alpha[j], self.beta[j] = a1, b1
        self.mu[winner], self.sigma_sq[winner] = mu_w, s_w
        self.mu[loser], self.sigma_sq[loser] = mu_l, s_l
        self.votes += 1
        self.viewed[nxt] += 1
        self.prev[j] = nxt
        self.ignore[j].add(nxt)
        self.next[j] = self.choose_next(j)
        return True

    def ranking(self):
        return self.mu.copy()


class Convene:
    """teams/services/pairwise.py without the database: candidates_for, choose_next, record_vote, refit."""

    MIN_VIEWS = 3  # HackathonSettings.pairwise_min_views default

    def __init__(self, world, rng):
        self.world = world
        n, m = world.n_projects, world.n_judges
        self.ratings = {}
        self.eta = np.full(m, 0.9)
        self.views = dict.fromkeys(range(n), 0)
        self.seen = [set() for _ in range(m)]
        self.current = [None] * m
        self.previous = [None] * m
        self.log = []
        self.votes = 0
        self.started = [False] * m

    def candidates(self, j):
        busy = {self.current[o] for o in range(self.world.n_judges) if o != j and self.current[o] is not None}
        return [p for p in range(self.world.n_projects) if p not in self.seen[j] and p not in busy]

    def advance(self, j, make_previous):
        if make_previous and self.current[j] is not None:
            self.previous[j] = self.current[j]
        self.current[j] = None
        nxt = pairwise.choose_next(
            self.candidates(j),
            self.views,
            self.ratings,
            self.previous[j],
            float(self.eta[j]),
            self.MIN_VIEWS,
            salt=j + 1,
        )
        self.current[j] = nxt
        if nxt is not None:
            self.seen[j].add(nxt)
            self.views[nxt] += 1
        return nxt

    def step(self, j):
        if not self.started[j]:
            self.started[j] = True
            return self.advance(j, make_previous=False) is not None
        if self.current[j] is None:
            return False
        if self.previous[j] is None:  # begin_comparing
            self.advance(j, make_previous=True)
            return True
        cur, prev = self.current[j], self.previous[j]
        winner, loser = (cur, prev) if self.world.prefers(j, cur, prev) else (prev, cur)
        self.log.append((winner, loser, j))
        self.votes += 1
        self.refit(warm=True)  # the refit task after each vote (judges spend minutes per project; it takes ms)
        self.advance(j, make_previous=True)
        return True

    def refit(self, warm=False):
        """The site's fit of the whole log. warm: start from the last fit (the same optimum to ~1e-10, found
        faster); used only for choosing next projects, never for the rankings that are scored."""
        n = self.world.n_projects
        judges = sorted({j for _w, _l, j in self.log})
        index = {j: i for i, j in enumerate(judges)}
        start = None
        if warm and self.ratings:
            start = (np.array([self.ratings[p][0] for p in range(n)]), np.array([self.eta[j] for j in judges]))
        s, var, eta = pairwise.fit(
            n,
            [w for w, _l, _j in self.log],
            [loser for _w, loser, _j in self.log],
            [index[j] for _w, _l, j in self.log],
            len(judges),
            start=start,
        )
        self.ratings = {p: (float(s[p]), float(var[p])) for p in range(n)}
        for j, i in index.items():
            self.eta[j] = eta[i]
        return s

    def ranking(self):
        return self.refit()


def run_pairwise(world, cls, budgets, seed):
    rng = np.random.default_rng(seed + 10_000)
    system = cls(world, rng)
    order = list(range(world.n_judges))
    results = {}
    targets = sorted(budgets)
    active = True
    while targets and active:
        active = False
        for j in order:
            if system.step(j):
                active = True
            while targets and system.votes >= round(targets[0] * world.n_projects / 2):
                results[targets.pop(0)] = system.ranking()
    for b in targets:  # ran out of projects to show: the final ranking stands
        results[b] = system.ranking()
    return results


# -- reporting ---------------------------------------------------------------------------


def summary(values):
    a = np.asarray(values)
    return f"{a.mean():.3f} ± {a.std(ddof=1):.3f}"


def paired(diffs):
    d = np.asarray(diffs)
    t = T95.get(len(d) - 1, 1.96)
    half = t * d.std(ddof=1) / math.sqrt(len(d))
    return d.mean(), d.mean() - half, d.mean() + half


def fmt_paired(diffs):
    mean, lo, hi = paired(diffs)
    mark = "above 0" if lo > 0 else ("below 0" if hi < 0 else "spans 0")
    return f"{mean:+.3f} [{lo:+.3f}, {hi:+.3f}] {mark}"


def design_stats(pairs, n_judges):
    by_project = {}
    for j, p in pairs:
        by_project.setdefault(p, []).append(j)
    shared = {}
    for js in by_project.values():
        js = sorted(js)
        for x in range(len(js)):
            for y in range(x + 1, len(js)):
                shared[(js[x], js[y])] = shared.get((js[x], js[y]), 0) + 1
    loads = np.bincount([j for j, _p in pairs], minlength=n_judges)
    return len(components(pairs)), max(shared.values()), int(loads.max() - loads.min())


def rubric_size(n_projects, n_judges, seeds):
    names = ["convene", "raw", "z"]
    data = {(a, m): [] for a in ("convene", "random") for m in names}
    designs = []
    for seed in range(seeds):
        world = World(n_projects, n_judges, seed)
        for design, pairs in (("convene", convene_assignment(world, seed)), ("random", random_assignment(world))):
            if design == "convene":
                designs.append(design_stats(pairs, n_judges))
            rows = world.scores(pairs)
            for name, fn in (("convene", rank_convene), ("raw", rank_raw), ("z", rank_z)):
                data[(design, name)].append(metrics(fn(rows, world), world))
    print(f"\n== rubric, {n_projects} projects x {n_judges} judges, k={K}, {seeds} seeds ==")
    parts = sorted({d[0] for d in designs})
    print(
        f"Convene's design: connected parts {parts}, max projects shared by two judges "
        f"{max(d[1] for d in designs)}, load spread {max(d[2] for d in designs)}"
    )
    print(f"{'assignment':<11}{'ranking':<9}{'Kendall tau':>18}{'top-3':>18}{'top-10':>18}")
    for design in ("convene", "random"):
        for name in names:
            vals = np.asarray(data[(design, name)])
            print(f"{design:<11}{name:<9}{summary(vals[:, 0]):>18}{summary(vals[:, 1]):>18}{summary(vals[:, 2]):>18}")
    print("paired differences on the same scores, Convene minus ..., mean [95% CI]:")
    ok = True
    for design in ("convene", "random"):
        base = np.asarray(data[(design, "convene")])
        for name in ("raw", "z"):
            other = np.asarray(data[(design, name)])
            tau, top10 = base[:, 0] - other[:, 0], base[:, 2] - other[:, 2]
            ok = ok and paired(tau)[1] > 0 and paired(top10)[1] > 0
            print(f"  {name:>3} on {design:<8} tau {fmt_paired(tau)}   top-10 {fmt_paired(top10)}")
    base, other = np.asarray(data[("convene", "convene")]), np.asarray(data[("random", "convene")])
    print(
        f"Convene's design minus a random one (Convene's model, different scores): tau "
        f"{fmt_paired(base[:, 0] - other[:, 0])}   top-10 {fmt_paired(base[:, 2] - other[:, 2])}"
    )
    return ok


def pairwise_size(n_projects, n_judges, seeds, budgets):
    data = {(s, b): [] for s in ("convene", "gavel") for b in budgets}
    for seed in range(seeds):
        world = World(n_projects, n_judges, seed)
        for name, cls in (("convene", Convene), ("gavel", Gavel)):
            for b, estimate in run_pairwise(world, cls, budgets, seed).items():
                data[(name, b)].append(metrics(estimate, world))
    print(f"\n== pairwise, {n_projects} projects x {n_judges} judges, {seeds} seeds ==")
    print(f"{'per project':<12}{'system':<9}{'Kendall tau':>18}{'top-3':>18}{'top-10':>18}")
    ok = True
    for b in budgets:
        for name in ("convene", "gavel"):
            vals = np.asarray(data[(name, b)])
            print(f"{b:<12}{name:<9}{summary(vals[:, 0]):>18}{summary(vals[:, 1]):>18}{summary(vals[:, 2]):>18}")
        c, g = np.asarray(data[("convene", b)]), np.asarray(data[("gavel", b)])
        tau, top10 = c[:, 0] - g[:, 0], c[:, 2] - g[:, 2]
        ok = ok and paired(tau)[2] >= 0 and paired(top10)[2] >= 0  # no 95% interval wholly below 0
        print(f"{'':<12}Convene - Gavel: tau {fmt_paired(tau)}   top-10 {fmt_paired(top10)}")
    return ok


def timings():
    world = World(300, 150, 0)
    projects = {p: frozenset() for p in range(300)}
    judges = {j: frozenset() for j in range(150)}
    plan_t, fit_t = [], []
    for seed in range(5):
        t = time.perf_counter()
        plan = plan_assignments(projects, judges, set(), set(), set(), K, seed=seed)
        plan_t.append(time.perf_counter() - t)
    rows = world.scores(sorted(plan.new))
    for _ in range(5):
        t = time.perf_counter()
        fit_rubric(rows, WEIGHTS, 150, 300)
        fit_t.append(time.perf_counter() - t)
    print("\n== timings, 300 projects x 150 judges, k=3 (median of 5) ==")
    print(f"assignment plan: {np.median(plan_t) * 1000:.0f} ms")
    print(f"rubric fit ({len(rows)} scores, with standard errors): {np.median(fit_t) * 1000:.0f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=60, help="rubric seeds per size")
    parser.add_argument("--pairwise-seeds", type=int, default=20, help="pairwise seeds per size")
    parser.add_argument("--sizes", default="60x20,120x60,300x150")
    parser.add_argument("--budgets", default="2,4,8,16")
    parser.add_argument("--skip", default="", help="comma-separated: rubric, pairwise, timings")
    args = parser.parse_args()
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    budgets = [int(b) for b in args.budgets.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    verdicts = []
    started = time.perf_counter()
    if "rubric" not in skip:
        for n_projects, n_judges in sizes:
            verdicts.append((f"rubric {n_projects}x{n_judges}", rubric_size(n_projects, n_judges, args.seeds)))
    if "pairwise" not in skip:
        for n_projects, n_judges in sizes:
            verdicts.append(
                (
                    f"pairwise {n_projects}x{n_judges}",
                    pairwise_size(n_projects, n_judges, args.pairwise_seeds, budgets),
                )
            )
    if "timings" not in skip:
        timings()
    print("\n== verdict ==")
    for name, ok in verdicts:
        what = (
            "Convene clearly better (95% CIs above 0)"
            if name.startswith("rubric")
            else "Convene not worse (no 95% CI of Convene - Gavel below 0)"
        )
        print(f"{name}: {what if ok else 'NOT MET'}")
    print(f"(ran {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
