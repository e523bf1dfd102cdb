package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ParetoFront;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The parent cache of {@link Nsga2Sampler} never changes a result: parents and proposals equal those of the
 * uncached algorithm (kept here as {@link #referenceElite}, the sampler's code before the cache) and of a fresh
 * sampler, also when a trial of an earlier generation finishes late, fails, or the history belongs to another study.
 */
class Nsga2SamplerCacheTest {
    private static final List<Direction> TWO = List.of(Direction.MINIMIZE, Direction.MINIMIZE);

    /** The elite as the sampler computed it before the cache: every generation re-selected from scratch. */
    private static List<Integer> referenceElite(SamplingContext context, int generation, int populationSize) {
        int dims = context.directions().size();
        List<Trial> elite = new ArrayList<>();
        for (int g = 0; g < generation; g++) {
            final int gen = g;
            List<Trial> candidates = new ArrayList<>(elite);
            context.trials().stream()
                    .filter(t -> t.number() / populationSize == gen && t.state() == TrialState.COMPLETE
                            && t.values().size() == dims)
                    .forEach(candidates::add);
            double[][] losses = candidates.stream()
                    .map(t -> ParetoFront.lossesOf(t.values(), context.directions())).toArray(double[][]::new);
            double[] violations = candidates.stream().mapToDouble(context::violation).toArray();
            elite = new Nsga2Sampler.Population(candidates, losses, violations).best(populationSize);
        }
        return elite.stream().map(Trial::number).toList();
    }

    private static List<Integer> numbers(Nsga2Sampler.Population p) {
        return p.trials.stream().map(Trial::number).toList();
    }

    private static Trial trial(int number, TrialState state, Map<String, Object> params, List<Double> values,
                               Map<String, Double> metrics) {
        return new Trial(number, number, state, params, null, values, metrics, Instant.EPOCH, Instant.EPOCH, "test",
                null);
    }

    /** A ZDT1 history with some failed and running trials and a constraint on a metric. */
    private static List<Trial> history(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Trial> out = new ArrayList<>();
        for (int n = 0; n < size; n++) {
            double x0 = random.nextDouble();
            double x1 = random.nextDouble();
            double g = 1 + 9 * x1;
            List<Double> values = List.of(x0, g * (1 - Math.sqrt(x0 / g)));
            TrialState state = n % 13 == 5 ? TrialState.FAILED : n % 17 == 3 ? TrialState.RUNNING : TrialState.COMPLETE;
            out.add(trial(n, state, Map.of("x00", x0, "x01", x1), state == TrialState.COMPLETE ? values : List.of(),
                    Map.of("size", random.nextDouble())));
        }
        return out;
    }

    @Test
    void cachedParentsAndProposalsEqualTheUncachedAlgorithm() {
        SearchSpace space = MultiObjectiveFunctions.unitCube(2);
        List<Constraint> constraints = List.of(new Constraint("size", null, 0.9));
        Nsga2Sampler cached = new Nsga2Sampler(10);
        List<Trial> all = history(120, 7);
        for (int number = 10; number < all.size(); number++) {
            SamplingContext context = new SamplingContext(space, all.subList(0, number), TWO, number, 3, constraints);
            int generation = number / 10;
            List<Integer> reference = referenceElite(context, generation, 10);
            assertEquals(reference, numbers(cached.elite(context, generation)), "trial " + number);
            assertEquals(reference, numbers(new Nsga2Sampler(10).elite(context, generation)), "trial " + number);
            assertEquals(new Nsga2Sampler(10).sample(context), cached.sample(context), "trial " + number);
        }
    }

    @Test
    void aLateTrialOfAnEarlierGenerationChangesTheParentsAsWithoutTheCache() {
        SearchSpace space = MultiObjectiveFunctions.unitCube(2);
        Nsga2Sampler cached = new Nsga2Sampler(10);
        List<Trial> all = new ArrayList<>(history(60, 11));
        // Trial 3 is running while generation 5 is sampled, then finishes on the true front's best corner.
        all.set(3, trial(3, TrialState.RUNNING, all.get(3).params(), List.of(), Map.of()));
        SamplingContext before = new SamplingContext(space, all.subList(0, 55), TWO, 55, 1);
        List<Integer> eliteBefore = numbers(cached.elite(before, 5));
        assertEquals(referenceElite(before, 5, 10), eliteBefore);
        all.set(3, trial(3, TrialState.COMPLETE, all.get(3).params(), List.of(0.0, 0.0), Map.of()));
        SamplingContext after = new SamplingContext(space, all.subList(0, 56), TWO, 56, 1);
        List<Integer> eliteAfter = numbers(cached.elite(after, 5));
        assertEquals(referenceElite(after, 5, 10), eliteAfter);
        assertNotEquals(eliteBefore, eliteAfter);
    }

    @Test
    void anotherStudyWithTheSameNumbersGetsItsOwnParents() {
        SearchSpace space = MultiObjectiveFunctions.unitCube(2);
        Nsga2Sampler shared = new Nsga2Sampler(10);
        for (long study = 1; study <= 4; study++) {
            List<Trial> trials = history(40, study % 2);
            if (study > 2) {
                // The same numbers and values as an earlier study, other parameters: the proposal takes these.
                double shift = study / 10.0;
                trials = trials.stream().map(t -> trial(t.number(), t.state(), Map.of("x00",
                        (double) t.params().get("x00") * shift, "x01", (double) t.params().get("x01") * shift),
                        t.values(), t.metrics())).toList();
            }
            SamplingContext context = new SamplingContext(space, trials, TWO, 40, 1);
            assertEquals(referenceElite(context, 4, 10), numbers(shared.elite(context, 4)), "study " + study);
            assertEquals(new Nsga2Sampler(10).sample(context), shared.sample(context), "study " + study);
        }
    }
}
