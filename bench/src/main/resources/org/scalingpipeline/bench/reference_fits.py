"""The Python reference methods the project's fits are checked and benchmarked against, kept in one place:

- loss_curve: SciPy curve_fit of L(step) = E + A step^-alpha, one run at a time (what a notebook user does);
- chinchilla_huber: Hoffmann et al. 2022 approach 3 (Appendix D.2): Huber(delta = 1e-3) on
  LSE(a - alpha ln N, b - beta ln D, e) - ln L, L-BFGS-B from every start of the paper's grid, lowest wins;
- routed_multistart: Clark et al. 2022 Eq. 1 as the google-deepmind/scaling_laws_for_routing colab fits it:
  mean squared log10 residual, L-BFGS-B from the colab's initial vector times N(0, 1) draws, the best
  polished by Nelder-Mead.

Imported by fit_throughput.py (next to this file) and by the scripts that produced the core tests' golden
values (udfs/core/src/test/resources/scripts). As a script it fits every group of one input and writes one
JSON line per group, {"group_id", "ok", "params", "rmse_log"} (rmse_log: RMSE of natural-log residuals, as
the project's fit struct reports it), then prints "groups load_seconds fit_seconds starts_fraction" (the
fraction of the method's starts it ran: below 1 for part of the Chinchilla grid):

    reference_fits.py loss-curve LOGS_DIR OUT.jsonl          JSONL metrics logs, one run per file
    reference_fits.py chinchilla CSV_DIR OUT.jsonl [STRIDE]  every STRIDE-th start of the paper's grid (default 1)
    reference_fits.py routed CSV_DIR OUT.jsonl [STARTS]      STARTS L-BFGS-B starts (default 100)

CSV_DIR holds CSV files with a header group_id,c1,c2,c3 (for chinchilla n, d, loss; for routed n, experts, loss).
"""
import csv
import glob
import itertools
import json
import math
import os
import sys
import time

import numpy as np
from scipy.optimize import curve_fit, minimize
from scipy.special import huber, logsumexp

HUBER_DELTA = 1e-3
# The paper's grid of (a, b, e, alpha, beta) starts: alpha, beta in 0..2 step .5, e in -1..1 step .5, a, b in
# 0..25 step 5, in the order of the reference code's loop (alpha outermost).
CHINCHILLA_GRID = [[a, b, e, alpha, beta] for alpha, beta, e, a, b in itertools.product(
    np.arange(0, 2.01, .5), np.arange(0, 2.01, .5), np.arange(-1, 1.01, .5), np.arange(0, 26, 5), np.arange(0, 26, 5))]
# The colab's initial (a, b, c, d, log2 E_start, log2 E_max).
ROUTED_INIT = np.array([-0.01100865, 0.11597899, -0.08367467, 1.0, 1.0, 9.99978226])
ROUTED_NAMES = ['a', 'b', 'c', 'd', 'log2_e_start', 'log2_e_max']
TIGHT_LBFGSB = dict(ftol=1e-15, gtol=1e-10, maxiter=5000)


def loss_curve(step, loss):
    """curve_fit of E + A step^-alpha, bounded to E in [0, min loss], A >= 0, alpha in [0.01, 3];
    returns (params, natural-log RMSE)."""
    e0 = 0.9 * loss.min()
    p0 = (e0, max(loss[0] - e0, 1e-3) * step[0] ** 0.3, 0.3)
    p, _ = curve_fit(lambda x, e, a, alpha: e + a * np.power(x, -alpha), step, loss, p0=p0,
                     bounds=([0, 0, 0.01], [loss.min(), np.inf, 3]), maxfev=10000)
    with np.errstate(all='ignore'):
        rmse_log = math.sqrt(np.mean((np.log(p[0] + p[1] * np.power(step, -p[2])) - np.log(loss)) ** 2))
    return {'E': p[0], 'A': p[1], 'alpha': p[2]}, rmse_log


def chinchilla_huber(n, d, loss, starts=CHINCHILLA_GRID, delta=HUBER_DELTA):
    """Approach 3 from each (a, b, e, alpha, beta) start; returns (params, natural-log RMSE, Huber objective)."""
    ln, ld, ll = np.log(n), np.log(d), np.log(loss)

    def log_prediction(p):
        a, b, e, alpha, beta = p
        return logsumexp([a - alpha * ln, b - beta * ld, e * np.ones_like(ln)], axis=0)

    def objective(p):
        return np.sum(huber(delta, log_prediction(p) - ll))

    best = None
    for start in starts:
        r = minimize(objective, start, method='L-BFGS-B')
        if best is None or r.fun < best.fun:
            best = r
    a, b, e, alpha, beta = best.x
    params = {'E': math.exp(e), 'A': math.exp(a), 'B': math.exp(b), 'alpha': alpha, 'beta': beta}
    return params, math.sqrt(np.mean((log_prediction(best.x) - ll) ** 2)), best.fun


def routed_log10_loss(p, n, e):
    """log10 L of Eq. 1 with the saturating expert transform, p = (a, b, c, d, log2 E_start, log2 E_max)."""
    a, b, c, d, log2_e_start, log2_e_max = p
    e_start, e_max = 2.0 ** log2_e_start, 2.0 ** log2_e_max
    e_hat = 1 / (1 / (e - 1 + 1 / (1 / e_start - 1 / e_max)) + 1 / e_max)
    return a * np.log10(n) + b * np.log10(e_hat) + c * np.log10(n) * np.log10(e_hat) + d


def routed_multistart(n, e, loss, starts=100, rng=None, options=TIGHT_LBFGSB, polish=True, scale=1e4):
    """L-BFGS-B on scale * mean squared log10 residual from ROUTED_INIT * N(0, 1) draws (rng: numpy seed 0
    unless given), the best polished by Nelder-Mead; returns (params, natural-log RMSE). The defaults are
    the tests' reference (tight tolerances, scale 1e4); the colab itself uses scipy's default tolerances,
    scale 1 and no polish."""
    y = np.log10(loss)
    rng = np.random.default_rng(0) if rng is None else rng

    def objective(p):
        return np.mean((routed_log10_loss(p, n, e) - y) ** 2) * scale

    results = []
    for _ in range(starts):
        with np.errstate(all='ignore'):
            r = minimize(objective, ROUTED_INIT * rng.normal(size=6), method='L-BFGS-B', options=options)
        if np.isfinite(r.fun):
            results.append(r)
    best = min(results, key=lambda r: r.fun)
    if polish:
        with np.errstate(all='ignore'):
            best = minimize(objective, best.x, method='Nelder-Mead',
                            options=dict(xatol=1e-10, fatol=1e-14, maxiter=20000, maxfev=40000))
    return dict(zip(ROUTED_NAMES, best.x)), math.sqrt(best.fun / scale) * math.log(10)


def read_logs(logs):
    """run_id -> (steps, values) of every JSONL metrics log in a folder; run_id is source:run_name."""
    runs = {}
    for path in sorted(glob.glob(os.path.join(logs, '*.jsonl'))):
        with open(path) as f:
            header = json.loads(f.readline())
            steps, values = [], []
            for line in f:
                p = json.loads(line)
                steps.append(p['step'])
                values.append(p['value'])
        runs[header.get('source', 'jsonl') + ':' + header['run_name']] = (np.array(steps, float),
                                                                            np.array(values, float))
    return runs


def read_groups(folder):
    """group_id -> (c1, c2, c3) arrays of every CSV file in a folder."""
    rows = {}
    for path in sorted(glob.glob(os.path.join(folder, '*.csv'))):
        with open(path) as f:
            for row in csv.DictReader(f):
                rows.setdefault(row['group_id'], []).append([float(row[c]) for c in ('c1', 'c2', 'c3')])
    return {group: tuple(np.array(values).T) for group, values in rows.items()}


def main(method, source, out, option=None):
    t0 = time.perf_counter()
    groups = read_logs(source) if method == 'loss-curve' else read_groups(source)
    t1 = time.perf_counter()
    starts_fraction = 1.0
    if method == 'loss-curve':
        fit = loss_curve
    elif method == 'chinchilla':
        starts = CHINCHILLA_GRID[::int(option or 1)]
        starts_fraction = len(starts) / len(CHINCHILLA_GRID)
        fit = lambda n, d, loss: chinchilla_huber(n, d, loss, starts=starts)[:2]
    elif method == 'routed':
        fit = lambda n, e, loss: routed_multistart(n, e, loss, starts=int(option or 100))
    else:
        raise SystemExit('unknown method ' + method + ': expected loss-curve, chinchilla or routed')
    lines = []
    for group_id, columns in groups.items():
        try:
            params, rmse_log = fit(*columns)
            lines.append({'group_id': group_id, 'ok': True, 'params': {k: float(v) for k, v in params.items()},
                          'rmse_log': rmse_log if math.isfinite(rmse_log) else None})
        except Exception:
            lines.append({'group_id': group_id, 'ok': False, 'params': {}, 'rmse_log': None})
    t2 = time.perf_counter()
    with open(out, 'w') as f:
        f.writelines(json.dumps(line) + '\n' for line in lines)
    print(f'{len(groups)} {t1 - t0:.3f} {t2 - t1:.3f} {starts_fraction!r}')


if __name__ == '__main__':
    main(*sys.argv[1:])
