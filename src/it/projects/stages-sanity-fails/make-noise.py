# Writes src/main/data/noise.csv: 6 uniform random features and a label 'no' with probability 0.85, independent of
# the features (seed 7), so that no model beats the majority class. Rerun: python3 make-noise.py
import csv
import random

r = random.Random(7)
with open('src/main/data/noise.csv', 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['f%d' % i for i in range(6)] + ['label'])
    for _ in range(200):
        w.writerow(['%.4f' % r.random() for _ in range(6)] + ['yes' if r.random() < 0.15 else 'no'])
