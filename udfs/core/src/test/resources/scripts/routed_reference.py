"""Reference for RoutedLawFitterTest: Clark et al. 2022 Eq. 1 fitted to routing/curves.csv.gz.

Selection as the google-deepmind/scaling_laws_for_routing colab: per run the last non-empty
loss_validation; routing_frequency 0.5, k 1, seed 42; dense runs added as E = 1 for every router.
Fit: mean squared log10 residual, 200 L-BFGS-B starts (colab init * N(0,1), numpy seed 0, tight
tolerances), then a Nelder-Mead polish of the best. Prints router, points, log10 RMSE, parameters.
Run: SCALING_DATA_DIR=/work/shared/data python3 routed_reference.py
"""
import csv, gzip, os
import numpy as np
from scipy.optimize import minimize

data_dir = os.environ.get('SCALING_DATA_DIR', '/work/shared/data')
runs = {}
for row in csv.DictReader(gzip.open(data_dir + '/routing/curves.csv.gz', 'rt')):
    if row['loss_validation'] != '':
        runs.setdefault(row['hyper_id'], []).append(row)
final = [max(rows, key=lambda r: int(r['step'])) for rows in runs.values()]
selected = [r for r in final if float(r['routing_frequency']) == 0.5 and int(r['k']) == 1 and int(r['seed']) == 42]
dense = [r for r in selected if r['router_type'] == 'Dense']


def log10_loss(p, n, e):
    a, b, c, d, log2_e_start, log2_e_max = p
    e_start, e_max = 2.0 ** log2_e_start, 2.0 ** log2_e_max
    e_hat = 1 / (1 / (e - 1 + 1 / (1 / e_start - 1 / e_max)) + 1 / e_max)
    return a * np.log10(n) + b * np.log10(e_hat) + c * np.log10(n) * np.log10(e_hat) + d


for router in ['S-Base', 'RL-R', 'Hash']:
    points = dense + [r for r in selected if r['router_type'] == router]
    n = np.array([float(r['dense_parameter_count']) for r in points])
    e = np.array([float(r['num_experts']) for r in points])
    y = np.log10([float(r['loss_validation']) for r in points])
    objective = lambda p: np.mean((log10_loss(p, n, e) - y) ** 2) * 1e4
    init = np.array([-0.01100865, 0.11597899, -0.08367467, 1.0, 1.0, 9.99978226])
    rng = np.random.default_rng(0)
    results = []
    for _ in range(200):
        with np.errstate(all='ignore'):
            r = minimize(objective, init * rng.normal(size=6), method='L-BFGS-B',
                         options=dict(ftol=1e-15, gtol=1e-10, maxiter=5000))
        if np.isfinite(r.fun):
            results.append(r)
    best = min(results, key=lambda r: r.fun)
    with np.errstate(all='ignore'):
        polished = minimize(objective, best.x, method='Nelder-Mead',
                            options=dict(xatol=1e-10, fatol=1e-14, maxiter=20000, maxfev=40000))
    print(router, len(points), np.sqrt(polished.fun * 1e-4), polished.x.tolist())
