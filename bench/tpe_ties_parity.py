"""Reference values for TpeSamplerTest.equalObservationsGetOptuna31Bandwidths: numpy's default argsort (Optuna 3.1
sorts the kernel centres with np.argsort(mus), whose order of equal values is numpy's quicksort's) on arrays full of
ties, and Optuna 3.1's univariate Parzen estimator of an int parameter observed many times (sigmas, log_pdf of each
value). Run with Debian's /usr/bin/python3 (python3-optuna 3.1, numpy 1.24):
    /usr/bin/python3 bench/tpe_ties_parity.py > src/test/resources/dev/tuner/sampler/optuna31-ties.jsonl
"""
import json

import numpy as np
import optuna
from optuna.distributions import IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights

rng = np.random.RandomState(7)
print(json.dumps({"optuna": optuna.__version__, "numpy": np.__version__}))
for size, distinct in [(5, 2), (16, 3), (17, 3), (40, 4), (109, 20), (300, 6), (1000, 50), (64, 1)]:
    values = rng.randint(0, distinct, size).astype(float).tolist()
    print(json.dumps({"argsort": values, "order": np.argsort(np.asarray(values)).tolist()}))

params = _ParzenEstimatorParameters(True, 1.0, True, False, default_weights, False)
for size in (12, 40, 108):
    obs = (rng.randint(1, 21, size) if size != 108 else np.clip(np.round(rng.normal(7, 4, size)), 1, 20)).astype(float)
    pe = _ParzenEstimator({"x": obs}, {"x": IntDistribution(1, 20)}, params)
    values = np.arange(1, 21).astype(float)
    print(json.dumps({"intObservations": obs.tolist(), "sigmas": pe._sigmas["x"].tolist(),
                      "logPdf": pe.log_pdf({"x": values}).tolist()}))
