"""Reference for RoutedLawFitterTest: Clark et al. 2022 Eq. 1 fitted to routing/curves.csv.gz.

Selection as the google-deepmind/scaling_laws_for_routing colab: per run the last non-empty
loss_validation; routing_frequency 0.5, k 1, seed 42; dense runs added as E = 1 for every router.
Fit: reference_fits.routed_multistart (bench/src/main/resources/org/scalingpipeline/bench):
mean squared log10 residual, 200 L-BFGS-B starts (colab init * N(0,1), numpy seed 0, tight
tolerances), then a Nelder-Mead polish of the best. Prints router, points, log10 RMSE, parameters.
Run: SCALING_DATA_DIR=/work/shared/data python3 routed_reference.py
"""
import csv, gzip, math, os, sys
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '../../../../../../bench/src/main/resources/org/scalingpipeline/bench'))
from reference_fits import routed_multistart

data_dir = os.environ.get('SCALING_DATA_DIR', '/work/shared/data')
runs = {}
for row in csv.DictReader(gzip.open(data_dir + '/routing/curves.csv.gz', 'rt')):
    if row['loss_validation'] != '':
        runs.setdefault(row['hyper_id'], []).append(row)
final = [max(rows, key=lambda r: int(r['step'])) for rows in runs.values()]
selected = [r for r in final if float(r['routing_frequency']) == 0.5 and int(r['k']) == 1 and int(r['seed']) == 42]
dense = [r for r in selected if r['router_type'] == 'Dense']

for router in ['S-Base', 'RL-R', 'Hash']:
    points = dense + [r for r in selected if r['router_type'] == router]
    n = np.array([float(r['dense_parameter_count']) for r in points])
    e = np.array([float(r['num_experts']) for r in points])
    loss = np.array([float(r['loss_validation']) for r in points])
    params, rmse_log = routed_multistart(n, e, loss, starts=200)
    print(router, len(points), rmse_log / math.log(10), [float(v) for v in params.values()])
