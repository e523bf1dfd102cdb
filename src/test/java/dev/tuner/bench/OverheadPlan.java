package dev.tuner.bench;

/**
 * Which cells of the overhead matrix a default run measures. Optuna with SQLite costs ~0.1 s per trial and TPE's
 * cost grows with the trials, so the full matrix takes far longer than a bench meant to be rerun; the default keeps
 * every 100-trial cell, and in memory the 1,000-trial cells of random and NSGA-II and of TPE at 1 and 16
 * parameters (16 is the reference point). {@code full} measures everything, SQLite at 1,000 included. bench/optuna_bench.py has the same plan.
 */
final class OverheadPlan {
    private OverheadPlan() {
    }

    static boolean runs(String sampler, String storage, int trials, int params, boolean full) {
        if (full || trials <= 100) {
            return true;
        }
        return storage.equals("memory") && (!sampler.equals("tpe") || params != 4);
    }
}
