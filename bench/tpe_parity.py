"""Reference values for TpeSamplerTest.kernelHeightsMatchOptuna31LogPdf: Optuna 3.1's univariate Parzen estimator
(default settings: prior weight 1, magic clip, consider_endpoints=False, default_weights) on fixed observations of
float(-5, 5), its sigmas and its log_pdf at a few points. Run with Debian's /usr/bin/python3 (python3-optuna 3.1).
"""
import json

import numpy as np
import optuna
from optuna.distributions import FloatDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights

POINTS = [-5.0, -4.9, -1.3, 0.0, 2.2, 4.99, 5.0]
CASES = [[0.5], [2.0, 1.0], [-4.0, 3.5, 3.6, 0.1, -2.0], [float(x) for x in np.linspace(-4.5, 4.5, 30)]]

params = _ParzenEstimatorParameters(True, 1.0, True, False, default_weights, False)
print(json.dumps({"optuna": optuna.__version__, "points": POINTS}))
for obs in CASES:
    pe = _ParzenEstimator({"x": np.asarray(obs)}, {"x": FloatDistribution(-5, 5)}, params)
    print(json.dumps({"observations": obs, "sigmas": pe._sigmas["x"].tolist(),
                      "logPdf": pe.log_pdf({"x": np.asarray(POINTS)}).tolist()}))
