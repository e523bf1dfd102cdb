package dev.tuner.sampler;

import dev.tuner.trial.Direction;

import java.util.ArrayList;
import java.util.List;

/** Median best value over seeds, the figure the samplers' quality tests compare. */
final class SamplerQuality {
    private SamplerQuality() {
    }

    /** Median over seeds 0..seeds-1 of the best value {@code sampler} finds in {@code trials} trials. */
    static double medianBest(Sampler sampler, TestFunctions.TestFunction function, int trials, int seeds) {
        List<Double> best = new ArrayList<>();
        for (long seed = 0; seed < seeds; seed++) {
            best.add(SamplerDriver.best(SamplerDriver.minimize(sampler, function, trials, seed), Direction.MINIMIZE));
        }
        return median(best);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
