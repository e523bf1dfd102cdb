#!/usr/bin/env python3
"""Writes the estimate benchmark's synthetic data sets, of shapes the public sets lack (deterministic: same files on
every run; standard library only):
  friedman.csv     Friedman #1 regression: 3,000 rows, 10 features in [0, 1] of which 5 matter, noise sd 1.
  blobs-wide.csv   5 Gaussian classes in 12 informative dimensions plus 28 noise columns: 2,000 rows, 40 features.
Usage: bench/make_unseen_data.py [directory] [friedman rows]   (default bench/data, 3000 rows; bench/full-corpus.sh
writes a larger Friedman set elsewhere)"""
import math
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'data')
friedman_rows = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
rng = random.Random(20261130)

with open(os.path.join(out, 'friedman.csv'), 'w') as f:
    f.write(','.join('x%d' % i for i in range(10)) + ',label\n')
    for _ in range(friedman_rows):
        x = [rng.random() for _ in range(10)]
        y = (10 * math.sin(math.pi * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4]
             + rng.gauss(0, 1))
        f.write(','.join('%.5f' % v for v in x) + ',%.5f\n' % y)

centres = [[rng.gauss(0, 1.5) for _ in range(12)] for _ in range(5)]
with open(os.path.join(out, 'blobs-wide.csv'), 'w') as f:
    f.write(','.join('f%d' % i for i in range(40)) + ',label\n')
    for _ in range(2000):
        c = rng.randrange(5)
        x = [centres[c][i] + rng.gauss(0, 2.0) for i in range(12)] + [rng.gauss(0, 1) for _ in range(28)]
        f.write(','.join('%.4f' % v for v in x) + ',class%d\n' % c)
