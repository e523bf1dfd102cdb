package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MOTPE's good group: fronts in order, the front the group cuts by greedy hypervolume subset selection (as Optuna
 * 3.1 makes it), and its kernels weighing alike, infeasible ones next to nothing.
 */
class MotpeWeightsTest {
    private static final SearchSpace SPACE = SearchSpace.parse(Map.of("x", "float(0, 1)"));
    private static final List<Direction> MIN_MIN = List.of(Direction.MINIMIZE, Direction.MINIMIZE);

    @Test
    void everyFeasibleGoodTrialWeighsTheSame() {
        // Front A(0,1), B(.5,.5), C(1,0) and D(1,1) behind B: by hypervolume contribution B would lead and D count for
        // nothing; uniform weights give each the same say.
        List<Trial> good = List.of(trial(0, 0, 1), trial(1, 0.5, 0.5), trial(2, 1, 0), trial(3, 1, 1));
        double[] w = MotpeSampler.goodWeights(good, new SamplingContext(SPACE, good, MIN_MIN, 4, 1));
        assertArrayEquals(new double[] {1, 1, 1, 1}, w, 0);
    }

    @Test
    void theFrontTheGoodGroupCutsIsOrderedByGreedySubsetSelection() {
        // Front A(0,1), B(.5,.5), C(1,0); D(2,2) behind it. Against the front's own reference (1.1, 1.1), B alone
        // covers 0.36 and A or C 0.11, so the greedy selection takes B first, then A (C adds as much: the lower index
        // wins). Exclusive contributions against a reference beyond D would have put A and C (0.6 each) before B.
        List<Trial> trials = List.of(trial(0, 0, 1), trial(1, 0.5, 0.5), trial(2, 1, 0), trial(3, 2, 2));
        List<Trial> ranked = MotpeSampler.rank(new SamplingContext(SPACE, trials, MIN_MIN, 4, 1));
        assertEquals(List.of(1, 0, 2, 3), ranked.stream().map(Trial::number).toList());
    }

    @Test
    void anInfeasibleGoodTrialGetsEpsSoThatItDoesNotLeadTheProposals() {
        List<Trial> good = List.of(trial(0, 0, -1), trial(1, 0.5, -0.5), trialWithMetric(2, 0.1, -0.1, 5.0));
        SamplingContext context = new SamplingContext(SPACE, good, List.of(Direction.MINIMIZE, Direction.MAXIMIZE), 3,
                1, List.of(new Constraint("size", null, 1.0)));
        assertArrayEquals(new double[] {1, 1, 1e-12}, MotpeSampler.goodWeights(good, context), 0);
    }

    private static Trial trial(int number, double a, double b) {
        return trialWithMetric(number, a, b, 0.0);
    }

    private static Trial trialWithMetric(int number, double a, double b, double size) {
        return new Trial(number + 1, number, TrialState.COMPLETE, Map.of("x", 0.5), null, List.of(a, b),
                Map.of("size", size), null, null, null, null);
    }
}
