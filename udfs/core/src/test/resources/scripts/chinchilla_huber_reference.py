"""Produces golden/chinchilla_huber_synthetic.csv: synthetic (N, D, L) drawn from Hoffmann et al. 2022
approach-3 law (paper constants), 1% log-normal noise, 3 injected outliers (x1.3), and the scipy
optimum of the paper's objective: Huber(delta=1e-3) on log L vs LSE(a - alpha log N, b - beta log D, e),
L-BFGS-B from the paper's grid (alpha, beta in 0..2 step .5; e in -1..1 step .5; a, b in 0..25 step 5),
as reference_fits.chinchilla_huber (bench/src/main/resources/org/scalingpipeline/bench) does it.
Run: python3 chinchilla_huber_reference.py > ../golden/chinchilla_huber_synthetic.csv"""
import os, sys
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '../../../../../../bench/src/main/resources/org/scalingpipeline/bench'))
from reference_fits import chinchilla_huber
rng = np.random.default_rng(20220329)
E, A, B, al, be = 1.69, 406.4, 410.7, 0.34, 0.28
n = np.exp(rng.uniform(np.log(1e7), np.log(1e10), 40))
d = np.exp(rng.uniform(np.log(1e9), np.log(1e12), 40))
loss = (E + A / n**al + B / d**be) * np.exp(0.01 * rng.normal(size=40))
loss[[5, 17, 31]] *= 1.3
p, _, objective = chinchilla_huber(n, d, loss)
print(f"# source: scripts/chinchilla_huber_reference.py (numpy seed 20220329, scipy L-BFGS-B over the Hoffmann 2022 Appendix D.2 grid)")
print(f"# scipy optimum: E={float(p['E'])!r} A={float(p['A'])!r} B={float(p['B'])!r} alpha={float(p['alpha'])!r} beta={float(p['beta'])!r} objective={float(objective)!r}")
print("n,d,loss")
for row in zip(n, d, loss):
    print(",".join(repr(float(v)) for v in row))
