"""scipy baseline for FitThroughputBenchmark: the same 25-point groups, fitted the way the reference
code fits each law (Chinchilla and routed: reference_fits.py next to this file), timed for about the
same budget per law. Usage: fit_throughput.py groups.csv seconds.
Prints "law fits_per_second" lines. Exits non-zero when numpy/scipy are missing."""
import csv
import itertools
import sys
import time

import numpy as np
from scipy.optimize import curve_fit

from reference_fits import chinchilla_huber, routed_multistart

PAPER_START = [np.log(406.4), np.log(410.7), np.log(1.69), 0.34, 0.28]


def power_law(x, y):
    curve_fit(lambda v, k, m: np.log(k * v ** m), x, np.log(y), p0=[1.0, -0.5], maxfev=10000)


def loss_curve(x, y):
    curve_fit(lambda v, e, a, alpha: e + a * v ** -alpha, x, y, p0=[0.5 * y.min(), 10.0, 0.3], maxfev=10000)


def allocation(c, n):
    curve_fit(lambda v, k: k * v ** 0.5, c, n, p0=[0.5])


def isoflop(n, loss):
    np.polyfit(np.log(n), loss, 2)


def kaplan(n, d, loss):
    law = lambda nd, nc, dc, an, ad: np.log(((nc / nd[0]) ** (an / ad) + dc / nd[1]) ** ad)
    curve_fit(law, np.vstack([n, d]), np.log(loss), p0=[6.4e13, 1.8e13, 0.076, 0.103], maxfev=10000)


def chinchilla(n, d, loss):
    chinchilla_huber(n, d, loss, starts=[PAPER_START])


def routed(n, e, loss, rng=np.random.default_rng(0)):
    routed_multistart(n, e, loss, starts=10, rng=rng, options=None, polish=False, scale=1)


FITS = {'power-law': power_law, 'loss-curve': loss_curve, 'allocation': allocation, 'isoflop': isoflop,
        'kaplan': kaplan, 'chinchilla': chinchilla, 'routed': routed}


def main(path, seconds):
    groups = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            values = [float(row[c]) for c in ('c1', 'c2', 'c3') if row[c] != '']
            groups.setdefault(row['law'], {}).setdefault(row['group'], []).append(values)
    for law, by_group in groups.items():
        arrays = [np.array(rows).T for rows in by_group.values()]
        for columns in arrays:
            FITS[law](*columns)
        fits, start = 0, time.perf_counter()
        for columns in itertools.cycle(arrays):
            FITS[law](*columns)
            fits += 1
            if fits % len(arrays) == 0 and time.perf_counter() - start >= seconds:
                break
        print(law, fits / (time.perf_counter() - start))


if __name__ == '__main__':
    main(sys.argv[1], float(sys.argv[2]))
