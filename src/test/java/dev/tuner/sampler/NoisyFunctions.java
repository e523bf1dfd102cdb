package dev.tuner.sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test functions seen through noise, as a cross-validated metric sees a model: the study minimises the noisy value, and
 * what a user gets is the noise-free value of the trial the study calls best. The noise is a deterministic hash of the
 * parameters (the same configuration gives the same value, as a study's fixed folds do; neighbours get unrelated
 * draws), roughly Gaussian with a standard deviation of {@code level} times the function's scale. bench/optuna_bench.py
 * computes the same values.
 */
final class NoisyFunctions {
    /** Default noise level: a share of each function's scale. */
    static final double LEVEL = 0.15;

    private NoisyFunctions() {
    }

    /**
     * A function and its noise.
     *
     * @param truth the noise-free function
     * @param scale the median gap between a random configuration's value and the minimum (200 random points, rounded
     *              to two digits; {@code NoisyFunctionsTest} checks it)
     */
    record NoisyFunction(TestFunctions.TestFunction truth, double scale) {
        String name() {
            return truth.name();
        }

        /** The value the study sees at {@code level}. */
        double observe(Map<String, Object> params, double level) {
            return truth.evaluate(params) + level * scale * noise(params);
        }

        /** How far the noise-free value at {@code params} lies above the minimum, in units of the scale. */
        double trueGap(Map<String, Object> params) {
            return (truth.evaluate(params) - truth.minimum()) / scale;
        }
    }

    /** Smooth, valley, multimodal, integer-coupled and conditional shapes, two of them held out of auto's rules. */
    static List<NoisyFunction> all() {
        return List.of(new NoisyFunction(TestFunctions.hartmann6(), 3.2),
                new NoisyFunction(TestFunctions.branin(), 28),
                new NoisyFunction(TestFunctions.sphere(5), 49),
                new NoisyFunction(TestFunctions.boosting(), 12),
                new NoisyFunction(TestFunctions.rosenbrock(), 210),
                new NoisyFunction(TestFunctions.levy(6), 100),
                new NoisyFunction(TestFunctions.mlp(), 7.1),
                new NoisyFunction(TestFunctions.styblinskiTang(5), 170));
    }

    /**
     * Noise of standard deviation 1: the sum of three {@link TestFunctions#pseudoNoise} draws (each uniform on
     * [-1, 1), variance 1/3) over the numeric parameters in name order, a choice left out.
     */
    static double noise(Map<String, Object> params) {
        List<Double> values = new ArrayList<>();
        new TreeMap<>(params).forEach((name, value) -> {
            if (value instanceof Number number) {
                values.add(number.doubleValue());
            }
        });
        double[] x = new double[values.size() + 1];
        for (int i = 0; i < values.size(); i++) {
            x[i] = values.get(i);
        }
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            x[values.size()] = k;
            sum += TestFunctions.pseudoNoise(x);
        }
        return sum;
    }
}
