"""The Optuna side of bench/optuna.sh: one JSON object per line, the same shape as dev.tuner.bench.Bench and
dev.tuner.sampler.QualityBench print. Run with Debian's /usr/bin/python3 and python3-optuna (Optuna 3.1).

Usage: optuna_bench.py overhead TRIALS PARAMS SAMPLERS [full]
       optuna_bench.py quality SEEDS CHECKPOINTS SAMPLERS   (env FUNCTION_SET=standard|unseen|all, FUNCTIONS=a,b)
       optuna_bench.py hypervolume SEEDS TRIALS[,TRIALS...] SAMPLERS
       optuna_bench.py noisy SEEDS CHECKPOINTS SAMPLERS   (env NOISE_LEVEL=0.15, FUNCTIONS=a,b)
       optuna_bench.py parallel TRIALS MILLIS
       optuna_bench.py rows FILE quality|hypervolume SEEDS CHECKPOINTS SAMPLERS   (Optuna's rows of an earlier run)
"""
import json
import math
import os
import statistics
import struct
import sys
import tempfile
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def emit(row):
    print(json.dumps(row), flush=True)


def sampler_of(name, seed):
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed)
    if name == "motpe":
        return optuna.samplers.TPESampler(seed=seed)  # Optuna 3.x: TPE handles several objectives (MOTPE)
    if name == "tpe-mv":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True, group=True)
    if name == "cmaes":
        # choices (mixed) go to its independent sampler, random search; needs python3-cmaes
        return optuna.samplers.CmaEsSampler(seed=seed, warn_independent_sampling=False)
    raise ValueError(name)


# Repetitions of an overhead cell (fresh study each) and the time after which a cell is not repeated again.
REPS = int(os.environ.get("OVERHEAD_REPS", "5"))
CELL_SECONDS = float(os.environ.get("OVERHEAD_CELL_SECONDS", "10"))
WARMUP_SECONDS = float(os.environ.get("OVERHEAD_WARMUP_SECONDS", "1"))


def runs(sampler, storage, trials, params, full):
    # Same plan as dev.tuner.bench.OverheadPlan.
    if full or trials <= 100:
        return True
    return storage == "memory" and (sampler != "tpe" or params != 4)


def overhead(trial_counts, param_counts, samplers, full):
    work = tempfile.mkdtemp(prefix="optuna-bench")
    # The first study of this process (optuna imported, nothing else run), as dev.tuner.bench.Bench reports its own.
    start = time.perf_counter()
    optuna.create_study(sampler=sampler_of("random", 1), direction="minimize").optimize(
        lambda trial: trial.suggest_float("x0", -5, 5) ** 2, n_trials=100)
    emit({"bench": "overhead-cold", "tool": "optuna", "sampler": "random", "storage": "memory", "trials": 100,
          "params": 1, "seconds": time.perf_counter() - start})
    for name in samplers:
        for storage in ("memory", "sqlite"):
            for trials in trial_counts:
                for params in param_counts:
                    if not runs(name, storage, trials, params, full):
                        continue
                    def objective(trial, params=params):
                        return sum(trial.suggest_float(f"x{i}", -5, 5) ** 2 for i in range(params))

                    # Same protocol as dev.tuner.bench.Bench: fresh studies, untimed while the cell's warm-up has
                    # taken less than WARMUP_SECONDS (a study that alone takes longer is timed at once), then up to
                    # REPS timed while the cell has taken less than CELL_SECONDS; the median is reported.
                    runs_ms = []
                    spent = 0.0
                    warm = 0.0
                    attempt = 0
                    while len(runs_ms) < REPS and (not runs_ms or spent < CELL_SECONDS):
                        url = None
                        if storage == "sqlite":
                            url = "sqlite:///" + os.path.join(work, f"{name}-{trials}-{params}-{attempt}.db")
                        attempt += 1
                        start = time.perf_counter()
                        study = optuna.create_study(storage=url, sampler=sampler_of(name, 1), direction="minimize")
                        study.optimize(objective, n_trials=trials)
                        seconds = time.perf_counter() - start
                        if url is not None:
                            os.remove(url[len("sqlite:///"):])
                        if not runs_ms and warm < WARMUP_SECONDS and seconds < WARMUP_SECONDS:
                            warm += seconds
                            continue
                        spent += seconds
                        runs_ms.append(seconds * 1000 / trials)
                    emit({"bench": "overhead", "tool": "optuna", "sampler": name, "storage": storage,
                          "trials": trials, "params": params, "msPerTrial": statistics.median(runs_ms),
                          "runs": len(runs_ms)})


# The functions of src/test/java/dev/tuner/sampler/TestFunctions.java, over the same spaces.
def sphere(d):
    def f(trial):
        return sum((trial.suggest_float(f"x{i}", -5, 5) - 1.3) ** 2 for i in range(d))
    return f


def branin(trial):
    x1 = trial.suggest_float("x1", -5, 10)
    x2 = trial.suggest_float("x2", 0, 15)
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    a = x2 - b * x1 * x1 + c * x1 - 6
    return a * a + 10 * (1 - t) * math.cos(x1) + 10


def rosenbrock(trial):
    x = trial.suggest_float("x", -2, 2)
    y = trial.suggest_float("y", -2, 2)
    return 100 * (y - x * x) ** 2 + (1 - x) ** 2


def mixed(trial):
    x = trial.suggest_float("x", -5, 5)
    lr = math.log10(trial.suggest_float("lr", 0.0001, 1, log=True)) + 2
    depth = (trial.suggest_int("depth", 1, 20) - 7) / 3
    width = (trial.suggest_int("width", 8, 256, step=8) - 64) / 32
    kind = {"a": 3.0, "b": 0.0, "c": 6.0}[trial.suggest_categorical("kind", ["a", "b", "c"])]
    return (x - 1) ** 2 + lr * lr + depth * depth + width * width + kind


def rastrigin(d):
    def f(trial):
        total = 10 * d
        for i in range(d):
            z = trial.suggest_float(f"x{i}", -5.12, 5.12) - 1.23
            total += z * z - 10 * math.cos(2 * math.pi * z)
        return total
    return f


def rosenbrock_nd(d):
    def f(trial):
        x = [trial.suggest_float(f"x{i}", -2, 2) for i in range(d)]
        return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(d - 1))
    return f


def step(d):
    def f(trial):
        return sum(math.floor(abs(trial.suggest_float(f"x{i}", -5, 5) - 1.7) + 0.5) ** 2 for i in range(d))
    return f


def integers(trial):
    a = (trial.suggest_int("a", 0, 100) - 37) / 20
    b = (trial.suggest_int("b", -50, 50) + 12) / 20
    c = math.log(trial.suggest_int("c", 1, 1000, log=True) / 120)
    d = (trial.suggest_int("d", 0, 200, step=5) - 85) / 40
    e = (trial.suggest_int("e", 1, 10) - 3) / 2
    f = (trial.suggest_int("f", 0, 30) - 22) / 6
    return a * a + b * b + c * c + d * d + e * e + f * f


def ackley(d):
    def f(trial):
        z = [trial.suggest_float(f"x{i}", -32.768, 32.768) - 5.5 for i in range(d)]
        squares = sum(v * v for v in z)
        cosines = sum(math.cos(2 * math.pi * v) for v in z)
        return -20 * math.exp(-0.2 * math.sqrt(squares / d)) - math.exp(cosines / d) + 20 + math.e
    return f


HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
              [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN_P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
              [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(trial):
    x = [trial.suggest_float(f"x{j}", 0, 1) for j in range(6)]
    return -sum(HARTMANN_ALPHA[i] * math.exp(-sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) ** 2
                                                  for j in range(6))) for i in range(4))


def styblinski_tang(d):
    def f(trial):
        x = [trial.suggest_float(f"x{i}", -5, 5) for i in range(d)]
        return sum(v ** 4 - 16 * v * v + 5 * v for v in x) / 2
    return f


def ellipsoid(d):
    def f(trial):
        shifted = [trial.suggest_float(f"x{i}", -5, 5) - 1 for i in range(d)]
        dot = sum((i + 1) * shifted[i] for i in range(d))
        norm = sum((i + 1) ** 2 for i in range(d))
        z = [shifted[i] - 2 * (i + 1) * dot / norm for i in range(d)]
        return sum(10 ** (4.0 * i / (d - 1)) * z[i] * z[i] for i in range(d))
    return f


def boosting(trial):
    eta_value = trial.suggest_float("eta", 0.001, 1, log=True)
    trees = math.log10(trial.suggest_int("trees", 10, 1000, step=10) / 500)
    depth = (trial.suggest_int("depth", 1, 12) - 6) / 2
    subsample = (trial.suggest_float("subsample", 0.3, 1) - 0.8) / 0.15
    lam = math.log10(trial.suggest_float("lambda", 0.0001, 100, log=True)) / 2
    min_child = math.log10(trial.suggest_int("minChild", 1, 100, log=True) / 10)
    eta = math.log10(eta_value) + 1.36 + 0.8 * trees
    return 4 * eta * eta + trees * trees + depth * depth * (1 + abs(eta)) + subsample * subsample + lam * lam \
        + min_child * min_child


FUNCTIONS = [("sphere-2d", sphere(2)), ("sphere-5d", sphere(5)), ("branin", branin), ("rosenbrock-2d", rosenbrock),
             ("mixed", mixed), ("rastrigin-4d", rastrigin(4)), ("rosenbrock-6d", rosenbrock_nd(6)),
             ("step-4d", step(4)), ("integers-6d", integers), ("ackley-5d", ackley(5)), ("hartmann-6d", hartmann6),
             ("styblinski-tang-5d", styblinski_tang(5)), ("ellipsoid-10d", ellipsoid(10)), ("boosting-6d", boosting)]


# TestFunctions.unseen(): a held-out set, not used to set auto's rules.
def levy(d):
    def f(trial):
        w = [1 + (trial.suggest_float(f"x{i}", -10, 10) + 4.1) / 4 for i in range(d)]
        total = math.sin(math.pi * w[0]) ** 2
        for i in range(d - 1):
            total += (w[i] - 1) ** 2 * (1 + 10 * math.sin(math.pi * w[i] + 1) ** 2)
        return total + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)
    return f


def griewank(d):
    def f(trial):
        z = [trial.suggest_float(f"x{i}", -50, 50) - 13.7 for i in range(d)]
        product = 1.0
        for i, v in enumerate(z):
            product *= math.cos(v / math.sqrt(i + 1))
        return 1 + sum(v * v for v in z) / 4000 - product
    return f


def schwefel(d):
    def f(trial):
        x = [trial.suggest_float(f"x{i}", -500, 500) for i in range(d)]
        return 418.9829 * d - sum(v * math.sin(math.sqrt(abs(v))) for v in x)
    return f


def michalewicz(d):
    def f(trial):
        x = [trial.suggest_float(f"x{i}", 0, math.pi) for i in range(d)]
        return -sum(math.sin(v) * math.sin((i + 1) * v * v / math.pi) ** 20 for i, v in enumerate(x))
    return f


def six_hump_camel(trial):
    u = trial.suggest_float("x", -3, 3) - 1.3
    v = trial.suggest_float("y", -2, 2) - 0.45
    return (4 - 2.1 * u * u + u ** 4 / 3) * u * u + u * v + (4 * v * v - 4) * v * v


def dixon_price(d):
    def f(trial):
        z = [trial.suggest_float(f"x{i}", -10, 10) + 3.5 for i in range(d)]
        return (z[0] - 1) ** 2 + sum((i + 1) * (2 * z[i] ** 2 - z[i - 1]) ** 2 for i in range(1, d))
    return f


MASK64 = (1 << 64) - 1


def pseudo_noise(values):
    """TestFunctions.pseudoNoise: SplitMix64's finaliser over the IEEE-754 bits of the values, in [-1, 1)."""
    h = 0x9E3779B97F4A7C15
    for v in values:
        h ^= struct.unpack("<Q", struct.pack("<d", v))[0]
        h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & MASK64
        h ^= h >> 31
    return 2 * ((h >> 11) * 2.0 ** -53) - 1


NOISY_CENTRE = [0.7, 0.25, 0.6, 0.35, 0.8]


def noisy_quadratic(d):
    def f(trial):
        x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(d)]
        return sum((i + 1) * (v - NOISY_CENTRE[i]) ** 2 for i, v in enumerate(x)) + 0.02 * pseudo_noise(x)
    return f


def mlp(trial):
    lr_value = trial.suggest_float("lr", 0.00001, 0.1, log=True)
    layers = trial.suggest_int("layers", 1, 6)
    dropout_value = trial.suggest_float("dropout", 0, 0.7)
    decay_value = trial.suggest_float("decay", 0.000001, 0.1, log=True)
    activation = trial.suggest_categorical("activation", ["relu", "tanh", "sigmoid"])
    lr = math.log10(lr_value) - {"relu": -2.7, "tanh": -2.2, "sigmoid": -1.6}[activation]
    depth = (layers - 3) / 1.5
    dropout = (dropout_value - 0.08 * layers) / 0.15
    decay = (math.log10(decay_value) + 4) / 1.5
    return lr * lr + depth * depth + dropout * dropout + decay * decay + \
        {"relu": 0.0, "tanh": 0.15, "sigmoid": 0.5}[activation]


UNSEEN = [("levy-6d", levy(6)), ("griewank-8d", griewank(8)), ("schwefel-4d", schwefel(4)),
          ("michalewicz-5d", michalewicz(5)), ("six-hump-camel", six_hump_camel), ("dixon-price-8d", dixon_price(8)),
          ("noisy-quadratic-5d", noisy_quadratic(5)), ("mlp-5d", mlp)]


def function_set(name):
    """FUNCTION_SET: standard (default), unseen or all, as dev.tuner.sampler.TestFunctions.set."""
    if not name or name == "standard":
        return FUNCTIONS
    if name == "unseen":
        return UNSEEN
    if name == "all":
        return FUNCTIONS + UNSEEN
    raise SystemExit(f"FUNCTION_SET={name}: expected standard, unseen or all")


def quality(seeds, checkpoints, samplers):
    trials = max(checkpoints)
    only = os.environ.get("FUNCTIONS")
    functions = function_set(os.environ.get("FUNCTION_SET"))
    for name in samplers:
        for fname, f in functions:
            if only and fname not in only.split(","):
                continue
            for seed in range(seeds):
                study = optuna.create_study(sampler=sampler_of(name, seed), direction="minimize")
                study.optimize(f, n_trials=trials)
                values = [t.value for t in study.trials]
                for n in checkpoints:
                    emit({"bench": "quality", "tool": "optuna", "function": fname, "sampler": name, "seed": seed,
                          "trials": n, "best": min(values[:n])})


# dev.tuner.sampler.NoisyFunctions: (name, function, minimum, scale: the median gap of random points above the minimum)
NOISY = [("hartmann-6d", hartmann6, -3.32237, 3.2), ("branin", branin, 0.397887, 28), ("sphere-5d", sphere(5), 0, 49),
         ("boosting-6d", boosting, 0, 12), ("rosenbrock-2d", rosenbrock, 0, 210), ("levy-6d", levy(6), 0, 100),
         ("mlp-5d", mlp, 0, 7.1), ("styblinski-tang-5d", styblinski_tang(5), -195.83085, 170)]
NOISE_LEVEL = 0.15


def noise(params):
    """NoisyFunctions.noise: three pseudo_noise draws over the numeric parameters in name order (a choice left out),
    summed: about Gaussian, standard deviation 1."""
    x = [float(v) for k, v in sorted(params.items()) if not isinstance(v, str)]
    return sum(pseudo_noise(x + [float(k)]) for k in range(3))


def noisy_objective(f, scale, level):
    def objective(trial):
        value = f(trial)
        return value + level * scale * noise(trial.params)
    return objective


def noisy(seeds, checkpoints, samplers):
    """Search quality under noise (NoisyQualityBench): the study sees the noisy value; after each checkpoint, the
    noise-free value at the best noisy trial's parameters, above the minimum over the scale."""
    trials = max(checkpoints)
    level = float(os.environ.get("NOISE_LEVEL", NOISE_LEVEL))
    only = os.environ.get("FUNCTIONS")
    for name in samplers:
        for fname, f, minimum, scale in NOISY:
            if only and fname not in only.split(","):
                continue
            for seed in range(seeds):
                study = optuna.create_study(sampler=sampler_of(name, seed), direction="minimize")
                study.optimize(noisy_objective(f, scale, level), n_trials=trials)
                for n in checkpoints:
                    best = min(study.trials[:n], key=lambda t: t.value)
                    true_gap = (f(optuna.trial.FixedTrial(best.params)) - minimum) / scale
                    emit({"bench": "noisy", "tool": "optuna", "function": fname, "sampler": name, "seed": seed,
                          "trials": n, "level": level, "best": best.value,
                          "measuredGap": (best.value - minimum) / scale, "trueGap": true_gap})


def zdt1(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(10)]
    g = 1 + 9 * sum(x[1:]) / 9
    return x[0], g * (1 - math.sqrt(x[0] / g))


def dtlz2(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(7)]
    g = sum((v - 0.5) ** 2 for v in x[2:])
    f1 = (1 + g) * math.cos(x[0] * math.pi / 2) * math.cos(x[1] * math.pi / 2)
    f2 = (1 + g) * math.cos(x[0] * math.pi / 2) * math.sin(x[1] * math.pi / 2)
    f3 = (1 + g) * math.sin(x[0] * math.pi / 2)
    return f1, f2, f3


def zdt3(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(10)]
    g = 1 + 9 * sum(x[1:]) / 9
    r = x[0] / g
    return x[0], g * (1 - math.sqrt(r) - r * math.sin(10 * math.pi * x[0]))


def dtlz7(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(7)]
    g = 1 + 9 * sum(x[2:]) / 5
    h = 3 - sum(x[i] / (1 + g) * (1 + math.sin(3 * math.pi * x[i])) for i in range(2))
    return x[0], x[1], (1 + g) * h


# Reference points (minimization) beyond the worst corner these spaces reach early in a search; ZDT3 and DTLZ7 have
# disconnected fronts.
MULTI = [("zdt1", zdt1, 2, [11.0, 11.0]), ("zdt3", zdt3, 2, [11.0, 11.0]), ("dtlz2", dtlz2, 3, [3.0, 3.0, 3.0]),
         ("dtlz7", dtlz7, 3, [1.1, 1.1, 34.0])]


def hypervolume(seeds, checkpoints, samplers):
    """One study of the largest trial count per (function, sampler, seed); the hypervolume after each smaller count is
    that of the front of the study's first trials (a sequential sampler's first 100 trials do not depend on how many
    follow)."""
    import numpy as np
    from optuna._hypervolume import WFG
    from optuna.study._multi_objective import _get_pareto_front_trials_by_trials
    trials = max(checkpoints)
    only = os.environ.get("FUNCTIONS")
    for name in samplers:
        for fname, f, k, ref in MULTI:
            if only and fname not in only.split(","):
                continue
            for seed in range(seeds):
                study = optuna.create_study(sampler=sampler_of(name, seed), directions=["minimize"] * k)
                start = time.perf_counter()
                study.optimize(f, n_trials=trials)
                seconds = time.perf_counter() - start
                for n in checkpoints:
                    first = [t for t in study.trials if t.number < n]
                    front = _get_pareto_front_trials_by_trials(first, study.directions)
                    points = np.array([t.values for t in front])
                    hv = WFG().compute(points, np.array(ref))
                    emit({"bench": "hypervolume", "tool": "optuna", "function": fname, "sampler": name,
                          "seed": seed, "trials": n, "reference": ref, "hypervolume": float(hv), "seconds": seconds})


def parallel(trials, millis):
    for kind in ("sleep", "cpu"):
        for jobs in (1, 2):
            work = tempfile.mkdtemp(prefix="optuna-bench")

            def objective(trial):
                x = trial.suggest_float("x", 0, 1)
                if kind == "sleep":
                    time.sleep(millis / 1000)
                else:
                    end = time.perf_counter() + millis / 1000
                    while time.perf_counter() < end:
                        x = math.sin(x) + 1e-9
                return x

            study = optuna.create_study(storage="sqlite:///" + os.path.join(work, "p.db"),
                                        sampler=optuna.samplers.RandomSampler(seed=1))
            start = time.perf_counter()
            study.optimize(objective, n_trials=trials, n_jobs=jobs)
            seconds = time.perf_counter() - start
            emit({"bench": "parallel", "tool": "optuna", "objective": kind, "millis": millis, "jobs": jobs,
                  "trials": trials, "trialsPerSecond": trials / seconds})


def rows(path, bench, seeds, checkpoints, samplers):
    """The Optuna rows of section `bench` (quality or hypervolume) for exactly these seeds, trial counts, samplers and
    functions (FUNCTION_SET and FUNCTIONS as for a run), taken from an earlier run's raw rows; stops, naming the first
    cell missing there."""
    only = os.environ.get("FUNCTIONS")
    names = [n for n, *_ in (function_set(os.environ.get("FUNCTION_SET")) if bench == "quality" else MULTI)]
    names = [n for n in names if not only or n in only.split(",")]
    wanted = {(f, s, seed, n) for f in names for s in samplers for seed in range(seeds) for n in checkpoints}
    found = {}
    with open(path) as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            key = (row.get("function"), row.get("sampler"), row.get("seed"), row.get("trials"))
            if row.get("bench") == bench and row.get("tool") == "optuna" and key in wanted:
                found[key] = row
    missing = sorted(wanted - found.keys(), key=str)
    if missing:
        f, s, seed, n = missing[0]
        raise SystemExit(f"{path}: no {bench} row of Optuna's {s} on {f}, seed {seed}, {n} trials "
                         f"({len(missing)} of {len(wanted)} cells missing)")
    for key in sorted(found, key=str):
        emit(found[key])


def ints(text):
    return [int(v) for v in text.split(",")]


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "overhead":
        overhead(ints(sys.argv[2]), ints(sys.argv[3]), sys.argv[4].split(","), len(sys.argv) > 5 and sys.argv[5] == "full")
    elif mode == "quality":
        quality(int(sys.argv[2]), ints(sys.argv[3]), sys.argv[4].split(","))
    elif mode == "noisy":
        noisy(int(sys.argv[2]), ints(sys.argv[3]), sys.argv[4].split(","))
    elif mode == "hypervolume":
        hypervolume(int(sys.argv[2]), ints(sys.argv[3]), sys.argv[4].split(","))
    elif mode == "rows":
        rows(sys.argv[2], sys.argv[3], int(sys.argv[4]), ints(sys.argv[5]), sys.argv[6].split(","))
    elif mode == "parallel":
        parallel(int(sys.argv[2]), int(sys.argv[3]))
    else:
        raise SystemExit("unknown mode " + mode)
