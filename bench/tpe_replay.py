"""Replay: the same history, the next proposal of both TPEs. Runs an Optuna 3.1 TPE study of one test function
(bench/optuna_bench.py's) for N trials, or takes the history of one of ours (--ours), then draws the NEXT proposal
DRAWS times from Optuna's TPESampler (fresh seed each time, via study.ask on the pre-filled study) and from our
TpeSampler (dev.tuner.sampler.TpeReplay, a different seed each time), and prints per parameter mean, std and
quantiles, and the objective's distribution. Same pipeline => same distributions up to sampling noise.
Run with Debian's /usr/bin/python3 from the project root after `mvn -o test-compile`:
    /usr/bin/python3 bench/tpe_replay.py rosenbrock-2d SEED N DRAWS [--ours]
"""
import json
import os
import subprocess
import sys

import numpy as np
import optuna

sys.path.insert(0, os.path.dirname(__file__))
import optuna_bench as ob  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)


def classpath():
    out = "target/replay-cp.txt"
    if not os.path.exists(out):
        subprocess.check_call(["mvn", "-B", "-q", "-o", "dependency:build-classpath", "-Dmdep.outputFile=" + out,
                               "-Dmdep.includeScope=test"])
    return "target/classes:target/test-classes:" + open(out).read().strip()


def main(fname, seed, n, draws, ours_history):
    f = dict(ob.FUNCTIONS)[fname]
    cp = classpath()
    if ours_history:
        history = json.loads(subprocess.check_output(["java", "-cp", cp, "dev.tuner.sampler.TpeReplay", "run", fname,
                                                      str(seed), str(n)]))["history"]
        probe = optuna.create_study()
        trial = probe.ask()
        f(trial)
        study = optuna.create_study()
        for h in history:
            study.add_trial(optuna.trial.create_trial(params=h["params"], distributions=trial.distributions,
                                                      value=h["value"]))
    else:
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
        study.optimize(f, n_trials=n)
        history = [{"params": t.params, "value": t.value} for t in study.trials]
    proposals = []
    for k in range(draws):
        study.sampler = optuna.samplers.TPESampler(seed=1000 + k)
        trial = study.ask()
        value = f(trial)  # suggests the parameters: read trial.params after it
        proposals.append({"params": trial.params, "value": value})
        study.tell(trial, state=optuna.trial.TrialState.FAIL)  # failed trials are invisible to TPE
    path = f"target/replay-{fname}-{seed}-{n}.json"
    with open(path, "w") as out:
        json.dump({"history": history}, out)
    ours = json.loads(subprocess.check_output(["java", "-cp", cp, "dev.tuner.sampler.TpeReplay", path, fname,
                                               str(draws)]))
    best = min(h["value"] for h in history)
    print(f"{fname}, history of {'ours' if ours_history else 'Optuna'} seed {seed}, {n} trials (best {best:.4g}); "
          f"{draws} draws of the next proposal")
    for name, props in (("optuna", proposals), ("tuner", ours)):
        v = np.array([p["value"] for p in props])
        print(f"  {name:6s} objective: median {np.median(v):.4g} q10 {np.quantile(v, 0.1):.4g} "
              f"mean log10 {np.mean(np.log10(np.abs(v) + 1e-300)):.3f} P(< best) {np.mean(v < best):.3f}")
        for k in sorted(props[0]["params"]):
            x = [p["params"][k] for p in props]
            if isinstance(x[0], str):
                u, c = np.unique(x, return_counts=True)
                print(f"    {k}: " + ", ".join(f"{a} {b / len(x):.3f}" for a, b in zip(u, c)))
            else:
                x = np.asarray(x, float)
                q = np.quantile(x, [0.01, 0.05, 0.5, 0.95, 0.99])
                print(f"    {k}: mean {x.mean():.4f} std {x.std():.4f} q01/05/50/95/99 "
                      + " ".join(f"{a:.4f}" for a in q))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), "--ours" in sys.argv[5:])
