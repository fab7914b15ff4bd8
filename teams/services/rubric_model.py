"""The rubric ranking model: each judge's leniency and scale fitted jointly with each project's quality.

Judge j's score of project p on criterion c is modelled as

    x_jpc = m_c + a_j * q_pc + b_j + e_jpc,     e_jpc ~ N(0, s_j^2)

q_pc is the project's quality on the criterion (prior N(0, 1)); m_c the criterion's average score;
b_j the judge's leniency (an offset, prior N(0, tau_b^2)); a_j how much of the scale they use (prior
N(abar, tau_a^2)); s_j^2 their own noise (a scaled inverse chi-squared prior worth NU scores around
the pooled noise). A judge's leniency and scale are properties of the person, so they are estimated
from all their scores, every criterion; the qualities are per criterion, and the ranking combines them
with the criteria weights. A careless judge ends up with a smaller a_j and a larger s_j, so their
scores weigh less (a_j never goes below 0: scores that run against the others' are not read
backwards); a judge who scored few projects keeps parameters close to the average judge's
(shrinkage), so one lenient judge is not mistaken for a strong project.

Fitted by EM, which is exact here: given the judges' parameters the qualities have independent
Gaussian posteriors (E-step); the judges' parameters and the priors' spreads are re-estimated from
the expected sufficient statistics (M-step, empirical Bayes). Fixed order, float64, at most MAX_ITER
iterations: the same rows always give the same numbers, to the last digit.

A project's adjusted score on a criterion is m_c + abar * q_pc, what an average judge would have given
it; the weighted mean over criteria ranks the projects. Its standard error comes from the curvature of
the joint posterior at the fit (qualities, leniencies and scales together, so the uncertainty of each
judge's leniency counts), folded onto the qualities through the Schur complement of the judges' block,
and widened by the correlation the model does not see between one judge's scores of one project on
different criteria (a judge's overall impression).
"""

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

NU = 3.0  # prior strength of the noise variance, in scores
MIN_SPREAD = 1e-3  # floors for variances, as a fraction of the score variance
MAX_ITER = 300
TOL = 1e-9


@dataclass
class RubricFit:
    quality: np.ndarray  # weighted adjusted score per project (nan: nobody scored it)
    se: np.ndarray  # its standard error
    criteria: np.ndarray  # adjusted score per project and criterion (nan: not scored)
    judges: np.ndarray  # per project: how many judges scored it
    leniency: np.ndarray  # per judge, in score points (b_j)
    scale: np.ndarray  # per judge: a_j / abar (1: an average judge's use of the scale)
    noise: np.ndarray  # per judge: s_j in score points
    agreement: np.ndarray  # per judge: correlation with the others' consensus (nan: too few)
    n: np.ndarray  # projects scored per judge


def fit_rubric(rows, weights, n_judges, n_projects):
    """rows: (judge index, project index, criterion index, value); weights: one per criterion.

    Indices run from 0; rows may come in any order (they are sorted first).
    """
    weights = np.asarray(weights, dtype=np.float64)
    n_criteria = len(weights)
    rows = sorted(rows)
    if rows:
        data = np.asarray(rows, dtype=np.float64)
        j = data[:, 0].astype(np.int64)
        p = data[:, 1].astype(np.int64)
        c = data[:, 2].astype(np.int64)
        x = data[:, 3]
    else:
        j = p = c = np.zeros(0, dtype=np.int64)
        x = np.zeros(0)
    pairs = sorted(set(zip(j.tolist(), p.tolist(), strict=True)))
    judges_per_project = np.bincount(np.asarray([pp for _j, pp in pairs], dtype=np.int64), minlength=n_projects)
    scored = np.bincount(np.asarray([jj for jj, _p in pairs], dtype=np.int64), minlength=n_judges)
    nan_p = np.full(n_projects, np.nan)
    if not len(x):
        zeros = np.zeros(n_judges)
        return RubricFit(
            nan_p,
            nan_p.copy(),
            np.full((n_projects, n_criteria), np.nan),
            judges_per_project,
            zeros,
            np.ones(n_judges),
            zeros.copy(),
            np.full(n_judges, np.nan),
            scored,
        )
    # Centre each criterion on its mean; a quality is one (project, criterion) cell.
    counts_c = np.bincount(c, minlength=n_criteria)
    m = np.bincount(c, weights=x, minlength=n_criteria) / np.maximum(counts_c, 1)
    y = x - m[c]
    cell = p * n_criteria + c
    n_cells = n_projects * n_criteria
    est = _em(j, cell, y, n_judges, n_cells)
    a, b, s2, abar, mu, prec, tau_a2, tau_b2 = est
    seen = np.bincount(cell, minlength=n_cells) > 0
    adjusted = np.where(seen, m[np.arange(n_cells) % n_criteria] + abar * mu, np.nan).reshape(n_projects, n_criteria)
    scored_c = seen.reshape(n_projects, n_criteria)
    # Weighted over the criteria each project was scored on (all of them, unless a criterion was added late).
    wmat = np.where(scored_c, weights[None, :], 0.0)
    wsum = wmat.sum(axis=1)
    quality = np.where(wsum > 0, np.nansum(np.nan_to_num(adjusted) * wmat, axis=1) / np.maximum(wsum, 1e-300), np.nan)
    with threadpool_limits(1, user_api="blas"):  # a few hundred rows: more threads only contend
        var = _combined_variance(j, p, cell, a, mu, s2, prec, tau_a2, tau_b2, n_judges, n_projects, n_criteria, wmat)
    inflation = _impression_inflation(j, p, c, y, a, b, mu, cell, weights, n_criteria)
    unit = abs(abar) if abs(abar) > 1e-12 else 1.0
    se = np.where(wsum > 0, unit * np.sqrt(var * inflation), np.nan)
    n_obs = np.bincount(j, minlength=n_judges)
    agreement = _agreement(j, p, c, x, y, weights, a, b, s2, mu, prec, cell, n_judges, judges_per_project)
    return RubricFit(
        quality,
        se,
        adjusted,
        judges_per_project,
        np.where(n_obs > 0, b, 0.0),
        np.where(n_obs > 0, a / unit, 1.0),
        np.where(n_obs > 0, np.sqrt(s2), 0.0),
        agreement,
        scored,
    )


def _em(j, q_index, y, n_judges, n_q):
    """EM for y = a_j q + b_j + e. Returns (a, b, s2, abar, mu, prec, tau_a2, tau_b2)."""
    n = np.bincount(j, minlength=n_judges).astype(np.float64)
    total = max(float(y @ y) / len(y), 1e-6)
    floor = MIN_SPREAD * total
    abar = float(np.sqrt(total / 2))
    a = np.full(n_judges, abar)
    b = np.zeros(n_judges)
    s2 = np.full(n_judges, total / 2)
    tau_a2, tau_b2 = total / 4, total / 4
    active = n > 0
    s_y = np.bincount(j, weights=y, minlength=n_judges)
    for _step in range(MAX_ITER):
        # E-step: each quality's Gaussian posterior given the judges.
        w = a[j] / s2[j]
        prec = 1.0 + np.bincount(q_index, weights=w * a[j], minlength=n_q)
        mu = np.bincount(q_index, weights=w * (y - b[j]), minlength=n_q) / prec
        v = 1.0 / prec
        # M-step: each judge's (a, b) from a 2x2 ridge system, then their noise.
        mq, eq2 = mu[q_index], mu[q_index] ** 2 + v[q_index]
        s_qq = np.bincount(j, weights=eq2, minlength=n_judges)
        s_q = np.bincount(j, weights=mq, minlength=n_judges)
        s_qy = np.bincount(j, weights=mq * y, minlength=n_judges)
        h11 = s_qq + s2 / tau_a2
        h12 = s_q
        h22 = n + s2 / tau_b2
        r1 = s_qy + s2 * abar / tau_a2
        det = h11 * h22 - h12 * h12
        a_new = (h22 * r1 - h12 * s_y) / det
        b_new = (h11 * s_y - h12 * r1) / det
        # A judge whose scores run against everyone else's is not read backwards: their scale stops at 0,
        # so their scores stop counting (the diagnostics show them as disagreeing).
        backwards = a_new < 0
        if backwards.any():
            a_new = np.where(backwards, 0.0, a_new)
            b_new = np.where(backwards, s_y / h22, b_new)
        resid = y - a_new[j] * mq - b_new[j]
        e_r2 = np.bincount(j, weights=resid**2 + a_new[j] ** 2 * v[q_index], minlength=n_judges)
        pooled = max(float(e_r2.sum()) / len(y), floor)
        s2_new = np.maximum((e_r2 + NU * pooled) / (n + NU), floor)
        # Empirical Bayes: the priors' centre and spreads from the judges (posterior variances included).
        var_a = s2_new * h22 / det
        var_b = s2_new * h11 / det
        abar_new = float(a_new[active].mean())
        tau_a2 = max(float(((a_new[active] - abar_new) ** 2 + var_a[active]).mean()), floor)
        tau_b2 = max(float((b_new[active] ** 2 + var_b[active]).mean()), floor)
        change = max(float(np.max(np.abs(a_new - a))), float(np.max(np.abs(b_new - b))), abs(abar_new - abar))
        a, b, s2, abar = a_new, b_new, s2_new, abar_new
        if change < TOL:
            break
    w = a[j] / s2[j]
    prec = 1.0 + np.bincount(q_index, weights=w * a[j], minlength=n_q)
    mu = np.bincount(q_index, weights=w * (y - b[j]), minlength=n_q) / prec
    return a, b, s2, abar, mu, prec, tau_a2, tau_b2


def _combined_variance(j, p, cell, a, mu, s2, prec, tau_a2, tau_b2, n_judges, n_projects, n_criteria, wmat):
    """Variance of each project's weighted quality (in q units), with the judges' (a, b) uncertain too.

    Gauss-Newton curvature: a diagonal block D for the qualities, a 2x2 block per judge (H) and the
    coupling C; Cov(q) = D^-1 + D^-1 C S^-1 C' D^-1 with S = H - C' D^-1 C. For project p the weighted
    sum's variance is sum_c w_c^2 / D_pc + g_p S^-1 g_p' with g_p = sum_c w_c (D^-1 C)_pc, which is
    non-zero only at the parameters of p's own judges. C is sparse (a score couples one cell with one
    judge), so C' D^-1 C is built from the pairs of scores that share a cell.
    """
    inv_s2 = 1.0 / s2[j]
    size = 2 * n_judges
    n = np.bincount(j, minlength=n_judges)
    idx = np.arange(n_judges)
    schur = np.zeros((size, size))
    schur[2 * idx, 2 * idx] = np.bincount(j, weights=mu[cell] ** 2 * inv_s2, minlength=n_judges) + 1.0 / tau_a2
    ab = np.bincount(j, weights=mu[cell] * inv_s2, minlength=n_judges)
    schur[2 * idx, 2 * idx + 1] = ab
    schur[2 * idx + 1, 2 * idx] = ab
    schur[2 * idx + 1, 2 * idx + 1] = n / s2 + 1.0 / tau_b2
    # Each score o couples its cell with a_j (value ca_o) and b_j (cb_o).
    ca = a[j] * mu[cell] * inv_s2
    cb = a[j] * inv_s2
    order = np.argsort(cell, kind="stable")
    sorted_cells = cell[order]
    starts = np.searchsorted(sorted_cells, sorted_cells, side="left")
    ends = np.searchsorted(sorted_cells, sorted_cells, side="right")
    first, second = [], []
    for pos in range(len(order)):
        for other in range(starts[pos], ends[pos]):
            first.append(order[pos])
            second.append(order[other])
    o1 = np.asarray(first, dtype=np.int64)
    o2 = np.asarray(second, dtype=np.int64)
    d = prec[cell[o1]]
    for r1, v1 in ((2 * j[o1], ca[o1]), (2 * j[o1] + 1, cb[o1])):
        for r2, v2 in ((2 * j[o2], ca[o2]), (2 * j[o2] + 1, cb[o2])):
            np.add.at(schur, (r1, r2), -v1 * v2 / d)
    try:
        inverse = np.linalg.inv(schur)
    except np.linalg.LinAlgError:
        inverse = np.linalg.pinv(schur)
    # g_p: for each of p's judges, sum over p's cells of w_c * C / D.
    wflat = wmat.reshape(-1)
    own = (wflat**2 / prec).reshape(n_projects, n_criteria).sum(axis=1)
    ga = {}
    for o in range(len(j)):
        key = (int(p[o]), int(j[o]))
        scale = wflat[cell[o]] / prec[cell[o]]
        entry = ga.setdefault(key, [0.0, 0.0])
        entry[0] += scale * ca[o]
        entry[1] += scale * cb[o]
    by_project = {}
    for (pp, jj), (va, vb) in sorted(ga.items()):
        rows_, vals = by_project.setdefault(pp, ([], []))
        rows_.extend((2 * jj, 2 * jj + 1))
        vals.extend((va, vb))
    extra = np.zeros(n_projects)
    for pp, (rows_, vals) in by_project.items():
        g = np.asarray(vals)
        extra[pp] = g @ inverse[np.ix_(rows_, rows_)] @ g
    wsum = wmat.sum(axis=1)
    return np.where(wsum > 0, (own + extra) / np.maximum(wsum, 1e-300) ** 2, np.nan)


def _impression_inflation(j, p, c, y, a, b, mu, cell, weights, n_criteria):
    """The model takes one judge's criteria scores of one project as independent; they are not (an overall
    impression colours them all). The residuals' correlation across criteria within (judge, project)
    measures it; the weighted sum's variance grows by 1 + rho * (sum_{c != c'} w_c w_c') / sum_c w_c^2."""
    if n_criteria < 2:
        return 1.0
    resid = y - a[j] * mu[cell] - b[j]
    by_pair = {}
    for jj, pp, cc, rr in zip(j.tolist(), p.tolist(), c.tolist(), resid.tolist(), strict=True):
        by_pair.setdefault((jj, pp), {})[cc] = rr
    full = [[v[cc] for cc in range(n_criteria)] for _k, v in sorted(by_pair.items()) if len(v) == n_criteria]
    if len(full) < 3:
        return 1.0
    r = np.asarray(full)
    r = r - r.mean(axis=0)
    cov = r.T @ r / len(r)
    sd = np.sqrt(np.diag(cov))
    if np.any(sd < 1e-12):
        return 1.0
    corr = cov / np.outer(sd, sd)
    off = ~np.eye(n_criteria, dtype=bool)
    rho = max(0.0, float(corr[off].mean()))
    ww = np.outer(weights, weights)
    return 1.0 + rho * float(ww[off].sum()) / float((weights**2).sum())


def _agreement(j, p, c, x, y, weights, a, b, s2, mu, prec, cell, n_judges, judges_per_project):
    """Per judge: Pearson correlation between their weighted score of each project and the other judges'
    consensus on it (the quality with this judge's own scores taken out). nan below three projects."""
    w = a[j] / s2[j]
    loo = (prec[cell] * mu[cell] - w * (y - b[j])) / np.maximum(prec[cell] - w * a[j], 1e-12)
    sums = {}
    for jj, pp, cc, xx, qq in zip(j.tolist(), p.tolist(), c.tolist(), x.tolist(), loo.tolist(), strict=True):
        entry = sums.setdefault((jj, pp), [0.0, 0.0, 0.0])
        entry[0] += weights[cc] * xx
        entry[1] += weights[cc] * qq
        entry[2] += weights[cc]
    per_judge = {}
    for (jj, pp), (sx, sq, sw) in sorted(sums.items()):
        if judges_per_project[pp] < 2:
            continue
        mine, others = per_judge.setdefault(jj, ([], []))
        mine.append(sx / sw)
        others.append(sq / sw)
    out = np.full(n_judges, np.nan)
    for jj, (mine, others) in per_judge.items():
        if len(mine) < 3:
            continue
        xa, xb = np.asarray(mine), np.asarray(others)
        da, db = xa - xa.mean(), xb - xb.mean()
        denom = float(np.sqrt((da @ da) * (db @ db)))
        out[jj] = float(da @ db) / denom if denom > 1e-12 else 0.0
    return out
