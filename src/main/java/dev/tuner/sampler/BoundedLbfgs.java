package dev.tuner.sampler;

/**
 * Limited-memory BFGS inside a box: the quasi-Newton direction is computed on the coordinates that are free (not
 * held at a bound by the gradient), steps are projected back into the box, and a backtracking line search keeps
 * the Armijo condition on the projected step (the projected-gradient form of L-BFGS-B, without its generalised
 * Cauchy point). commons-math3 has no L-BFGS, and the Gaussian-process sampler needs a bounded quasi-Newton method
 * twice per proposal: for the kernel's hyperparameters and for the acquisition function.
 */
final class BoundedLbfgs {
    /** A function and its gradient: fills {@code gradient} and returns the value (NaN or infinity: rejected). */
    @FunctionalInterface
    interface Objective {
        double evaluate(double[] x, double[] gradient);
    }

    /** The point found and its value. */
    record Result(double[] x, double value) {
    }

    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;

    private BoundedLbfgs() {
    }

    /**
     * Minimises {@code f} over [lower, upper] from {@code start}.
     *
     * @param maxIterations   quasi-Newton steps at most
     * @param gradientTolerance stop when the largest component of the projected gradient is below it
     */
    static Result minimize(Objective f, double[] start, double[] lower, double[] upper, int maxIterations,
                           double gradientTolerance) {
        int n = start.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = clamp(start[i], lower[i], upper[i]);
        }
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        if (!Double.isFinite(fx)) {
            return new Result(x, fx);
        }
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        double[] direction = new double[n];
        double[] trial = new double[n];
        double[] trialGradient = new double[n];
        boolean[] free = new boolean[n];
        double[] alpha = new double[MEMORY];
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            double largest = 0;
            for (int i = 0; i < n; i++) {
                free[i] = !(x[i] <= lower[i] && g[i] > 0) && !(x[i] >= upper[i] && g[i] < 0);
                if (free[i]) {
                    largest = Math.max(largest, Math.abs(g[i]));
                }
            }
            if (largest < gradientTolerance) {
                break;
            }
            // Two-loop recursion restricted to the free coordinates.
            for (int i = 0; i < n; i++) {
                direction[i] = free[i] ? -g[i] : 0;
            }
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(newest - k, MEMORY);
                alpha[j] = rho[j] * dotFree(s[j], direction, free);
                for (int i = 0; i < n; i++) {
                    if (free[i]) {
                        direction[i] -= alpha[j] * y[j][i];
                    }
                }
            }
            if (stored > 0) {
                double gamma = dotFree(s[newest], y[newest], free) / Math.max(1e-300, dotFree(y[newest], y[newest], free));
                if (gamma > 0 && Double.isFinite(gamma)) {
                    for (int i = 0; i < n; i++) {
                        direction[i] *= gamma;
                    }
                }
            }
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(newest - k, MEMORY);
                double beta = rho[j] * dotFree(y[j], direction, free);
                for (int i = 0; i < n; i++) {
                    if (free[i]) {
                        direction[i] += s[j][i] * (alpha[j] - beta);
                    }
                }
            }
            if (dot(direction, g) >= 0) {
                for (int i = 0; i < n; i++) {
                    direction[i] = free[i] ? -g[i] : 0;
                }
                stored = 0;
            }
            double step = 1;
            if (stored == 0) {
                // First step or restart: move at most 0.1 of the box's widest side along the gradient.
                double norm = Math.sqrt(dot(direction, direction));
                double width = 0;
                for (int i = 0; i < n; i++) {
                    width = Math.max(width, Math.min(upper[i] - lower[i], 1e6));
                }
                step = Math.min(1, 0.1 * width / Math.max(norm, 1e-300));
            }
            double fTrial = Double.NaN;
            boolean accepted = false;
            for (int halving = 0; halving < 30; halving++) {
                double decrease = 0;
                for (int i = 0; i < n; i++) {
                    trial[i] = clamp(x[i] + step * direction[i], lower[i], upper[i]);
                    decrease += g[i] * (trial[i] - x[i]);
                }
                fTrial = f.evaluate(trial, trialGradient);
                if (Double.isFinite(fTrial) && fTrial <= fx + ARMIJO * decrease) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                break;
            }
            int slot = (newest + 1) % MEMORY;
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = trial[i] - x[i];
                yk[i] = trialGradient[i] - g[i];
            }
            double sy = dot(sk, yk);
            double change = fx - fTrial;
            System.arraycopy(trial, 0, x, 0, n);
            System.arraycopy(trialGradient, 0, g, 0, n);
            fx = fTrial;
            if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
                s[slot] = sk;
                y[slot] = yk;
                rho[slot] = 1 / sy;
                newest = slot;
                stored = Math.min(MEMORY, stored + 1);
            }
            if (change <= 1e-12 * Math.max(1, Math.abs(fx))) {
                break;
            }
        }
        return new Result(x, fx);
    }

    private static double clamp(double v, double low, double high) {
        return Math.max(low, Math.min(high, v));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double dotFree(double[] a, double[] b, boolean[] free) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (free[i]) {
                sum += a[i] * b[i];
            }
        }
        return sum;
    }
}
