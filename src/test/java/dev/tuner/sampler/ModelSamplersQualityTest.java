package dev.tuner.sampler;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model-based samplers find better values than random search on every standard function (median best over
 * seeds). Budgets are each sampler's small-study regime: the Gaussian process is meant for tens of trials, CMA-ES
 * needs a few generations.
 */
class ModelSamplersQualityTest {

    static Stream<Arguments> cases() {
        return Stream.of(new Budget("gp", 40, 5), new Budget("cmaes", 100, 7))
                .flatMap(budget -> TestFunctions.standard().stream().map(f -> Arguments.of(budget, f)));
    }

    record Budget(String sampler, int trials, int seeds) {
        @Override
        public String toString() {
            return sampler + " x " + trials + " trials";
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void findsBetterValuesThanRandomSearch(Budget budget, TestFunctions.TestFunction function) {
        double model = SamplerQuality.medianBest(Samplers.create(budget.sampler()), function, budget.trials(),
                budget.seeds());
        double random = SamplerQuality.medianBest(new RandomSampler(), function, budget.trials(), budget.seeds());
        System.out.printf("%-14s median best of %d seeds x %d trials: %s %.4f, random %.4f (minimum %.4f)%n",
                function.name(), budget.seeds(), budget.trials(), budget.sampler(), model, random, function.minimum());
        assertTrue(model < random, function.name() + ": " + budget.sampler() + " " + model + " vs random " + random);
    }
}
