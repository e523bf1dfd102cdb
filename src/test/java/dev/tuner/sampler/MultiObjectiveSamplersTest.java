package dev.tuner.sampler;

import dev.tuner.sampler.MultiObjectiveFunctions.Problem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NSGA-II and MOTPE against random search on ZDT1, ZDT2 (5 variables, reference point (1.1, 1.1)) and DTLZ2 with three
 * objectives (5 variables, reference (1.1, 1.1, 1.1)), seeds 1 to 3. Every seed must beat random search with the
 * same number of trials; the hypervolume thresholds below (with the true front's hypervolume in the comment) hold
 * with a margin under the figures measured when they were set, listed in docs/multi-objective.md.
 */
class MultiObjectiveSamplersTest {
    private static final long[] SEEDS = {1, 2, 3};

    /** Asserts each seed's hypervolume beats random search's and stays above {@code minimum}; mean above {@code meanMinimum}. */
    private static void check(Sampler sampler, Problem problem, int trials, double minimum, double meanMinimum) {
        double sum = 0;
        for (long seed : SEEDS) {
            double hv = MultiObjectiveFunctions.hypervolume(MultiObjectiveFunctions.run(sampler, problem, trials, seed),
                    problem.reference());
            double random = MultiObjectiveFunctions.hypervolume(
                    MultiObjectiveFunctions.run(new RandomSampler(), problem, trials, seed), problem.reference());
            String what = sampler.name() + " on " + problem + ", seed " + seed + ", " + trials + " trials: HV " + hv;
            // The figures docs/multi-objective.md quotes, in the test's output.
            System.out.printf(java.util.Locale.ROOT, "%s (random search: %.3f)%n", what, random);
            assertTrue(hv > random, what + " does not beat random search's " + random);
            assertTrue(hv >= minimum, what + " < " + minimum + " (true front: " + problem.bestHypervolume() + ")");
            sum += hv;
        }
        assertTrue(sum / SEEDS.length >= meanMinimum, sampler.name() + " on " + problem + ": mean HV "
                + sum / SEEDS.length + " < " + meanMinimum);
    }

    @Test
    void nsga2OnZdt1() {
        check(new Nsga2Sampler(20), MultiObjectiveFunctions.zdt1(5), 800, 0.65, 0.75); // front: 0.8767
    }

    @Test
    void nsga2OnZdt2() {
        check(new Nsga2Sampler(20), MultiObjectiveFunctions.zdt2(5), 800, 0.15, 0.3); // front: 0.5433
    }

    @Test
    void nsga2OnDtlz2() {
        check(new Nsga2Sampler(40), MultiObjectiveFunctions.dtlz2(5), 800, 0.65, 0.68); // front: 0.8074
    }

    @Test
    void motpeOnZdt1() {
        check(new MotpeSampler(), MultiObjectiveFunctions.zdt1(5), 400, 0.55, 0.62);
    }

    @Test
    void motpeOnZdt2() {
        // TPE's independent densities find ZDT2's concave front hard: a low floor, above random search.
        check(new MotpeSampler(), MultiObjectiveFunctions.zdt2(5), 400, 0.02, 0.15);
    }

    @Test
    void motpeOnDtlz2() {
        check(new MotpeSampler(), MultiObjectiveFunctions.dtlz2(5), 400, 0.65, 0.67);
    }
}
