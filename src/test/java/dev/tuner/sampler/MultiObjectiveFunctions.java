package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ParetoFront;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Standard multi-objective test problems (all objectives minimised) and the loop that runs a sampler on them:
 * ZDT1 (convex front), ZDT2 (concave front), ZDT3 (a front in five disconnected pieces) (Zitzler, Deb and Thiele
 * 2000), DTLZ2 with three objectives (Deb et al. 2002, the front is the positive octant of the unit sphere) and DTLZ7
 * with three objectives (a front in four disconnected patches).
 */
final class MultiObjectiveFunctions {
    private MultiObjectiveFunctions() {
    }

    /**
     * @param reference       the hypervolume reference point
     * @param bestHypervolume the hypervolume of the true Pareto front against {@code reference}
     */
    record Problem(String name, SearchSpace space, Function<double[], double[]> function, double[] reference,
                   double bestHypervolume) {
        List<Double> evaluate(Map<String, Object> params) {
            double[] x = new double[space.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = ((Number) params.get(String.format("x%02d", i))).doubleValue();
            }
            double[] f = function.apply(x);
            List<Double> out = new ArrayList<>();
            for (double v : f) {
                out.add(v);
            }
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static SearchSpace unitCube(int n) {
        Map<String, String> space = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            space.put(String.format("x%02d", i), "float(0, 1)");
        }
        return SearchSpace.parse(space);
    }

    /** ZDT1 with n variables; true front f2 = 1 - sqrt(f1); HV against (1.1, 1.1) is 0.1 + 2/3 + 0.11. */
    static Problem zdt1(int n) {
        return new Problem("ZDT1-" + n, unitCube(n), x -> {
            double g = 1 + 9 * sumFrom(x, 1) / (n - 1);
            return new double[]{x[0], g * (1 - Math.sqrt(x[0] / g))};
        }, new double[]{1.1, 1.1}, 0.1 + 2.0 / 3 + 0.11);
    }

    /** ZDT2 with n variables; true front f2 = 1 - f1^2; HV against (1.1, 1.1) is 0.1 + 1/3 + 0.11. */
    static Problem zdt2(int n) {
        return new Problem("ZDT2-" + n, unitCube(n), x -> {
            double g = 1 + 9 * sumFrom(x, 1) / (n - 1);
            return new double[]{x[0], g * (1 - (x[0] / g) * (x[0] / g))};
        }, new double[]{1.1, 1.1}, 0.1 + 1.0 / 3 + 0.11);
    }

    /**
     * ZDT3 with n variables: f2 = g (1 - sqrt(f1 / g) - (f1 / g) sin(10 pi f1)); the front is five disconnected
     * pieces of g = 1, f2 down to about -0.77.
     */
    static Problem zdt3(int n) {
        return new Problem("ZDT3-" + n, unitCube(n), x -> {
            double g = 1 + 9 * sumFrom(x, 1) / (n - 1);
            double r = x[0] / g;
            return new double[]{x[0], g * (1 - Math.sqrt(r) - r * Math.sin(10 * Math.PI * x[0]))};
        }, new double[]{1.1, 1.1}, Double.NaN);
    }

    /**
     * DTLZ7 with 3 objectives and n variables: f1 = x0, f2 = x1, f3 = (1 + g) (3 - sum over i < 2 of
     * f_i / (1 + g) (1 + sin(3 pi f_i))), g = 1 + 9 / (n - 2) sum over i >= 2 of x_i; the front is four disconnected
     * patches at g = 1.
     */
    static Problem dtlz7(int n) {
        return new Problem("DTLZ7-" + n, unitCube(n), x -> {
            double g = 1 + 9 * sumFrom(x, 2) / (n - 2);
            double h = 3;
            for (int i = 0; i < 2; i++) {
                h -= x[i] / (1 + g) * (1 + Math.sin(3 * Math.PI * x[i]));
            }
            return new double[]{x[0], x[1], (1 + g) * h};
        }, new double[]{1.1, 1.1, 7.0}, Double.NaN);
    }

    /** DTLZ2 with 3 objectives and n variables; HV against (1.1, 1.1, 1.1) is 1.1^3 - pi/6. */
    static Problem dtlz2(int n) {
        return new Problem("DTLZ2-" + n, unitCube(n), x -> {
            double g = 0;
            for (int i = 2; i < n; i++) {
                g += (x[i] - 0.5) * (x[i] - 0.5);
            }
            double a = x[0] * Math.PI / 2;
            double b = x[1] * Math.PI / 2;
            return new double[]{(1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b),
                    (1 + g) * Math.sin(a)};
        }, new double[]{1.1, 1.1, 1.1}, 1.331 - Math.PI / 6);
    }

    private static double sumFrom(double[] x, int from) {
        double s = 0;
        for (int i = from; i < x.length; i++) {
            s += x[i];
        }
        return s;
    }

    /** Runs {@code trials} trials of {@code sampler} on {@code problem}, one at a time, as the engine would. */
    static List<Trial> run(Sampler sampler, Problem problem, int trials, long seed) {
        List<Direction> directions = new ArrayList<>();
        for (double ignored : problem.reference()) {
            directions.add(Direction.MINIMIZE);
        }
        List<Trial> history = new ArrayList<>();
        for (int number = 0; number < trials; number++) {
            Map<String, Object> params = sampler.sample(new SamplingContext(problem.space(), history, directions,
                    number, seed));
            history.add(new Trial(number, number, TrialState.COMPLETE, params, null, problem.evaluate(params),
                    Map.of(), Instant.EPOCH, Instant.EPOCH, "test", null));
        }
        return history;
    }

    static double hypervolume(List<Trial> trials, double[] reference) {
        List<double[]> points = new ArrayList<>();
        for (Trial t : trials) {
            points.add(t.values().stream().mapToDouble(Double::doubleValue).toArray());
        }
        return ParetoFront.hypervolume(points, reference);
    }
}
