package dev.tuner.pruner;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A study loop written for the tests, independently of {@link PruningForecast}, the way the engine runs one: each
 * trial gets a true quality, is evaluated at the budgets its pruner asks for, reports the value there, and stops
 * when pruned. The objective is a learning curve: at budget {@code b}, accuracy is the true quality, a little lower
 * for fewer rows, plus validation noise that shrinks as {@code 1 / sqrt(rows)}.
 */
final class SyntheticStudy {

    /** Standard deviation of the measured accuracy at the full budget (two folds of a few hundred rows). */
    static final double NOISE_AT_FULL_BUDGET = 0.02;
    /** Accuracy lost at a budget {@code b} relative to the full one, {@code * (1 - b)}: same for every trial. */
    static final double SMALL_BUDGET_PENALTY = 0.05;

    /** What came out of one study. */
    record Outcome(List<Trial> trials, double[] trueQuality, int[] evaluatedAt, double rowsSpent) {

        /** True quality of the trial the study would pick: the COMPLETE trial with the best measured accuracy. */
        double trueQualityOfPick() {
            Trial best = null;
            for (Trial trial : trials) {
                if (trial.state() == TrialState.COMPLETE && (best == null || trial.value() > best.value())) {
                    best = trial;
                }
            }
            return best == null ? Double.NaN : trueQuality[best.number()];
        }

        double bestTrueQualitySampled() {
            double best = Double.NEGATIVE_INFINITY;
            for (double quality : trueQuality) {
                best = Math.max(best, quality);
            }
            return best;
        }
    }

    private SyntheticStudy() {
    }

    /** One study of {@code nTrials} trials maximizing accuracy, true qualities drawn uniformly in [0.60, 0.95]. */
    static Outcome run(Pruner pruner, int nTrials, List<Double> ladder, long seed) {
        // SplittableRandom mixes its seed: java.util.Random's first draws of consecutive seeds are correlated,
        // which would make studies seeded 0, 1, 2, ... look alike.
        SplittableRandom random = new SplittableRandom(seed);
        List<Trial> trials = new ArrayList<>();
        double[] trueQuality = new double[nTrials];
        int[] evaluatedAt = new int[ladder.size()];
        double rowsSpent = 0;
        for (int number = 0; number < nTrials; number++) {
            trueQuality[number] = 0.60 + 0.35 * random.nextDouble();
            double[] noise = new double[ladder.size()];
            for (int rung = 0; rung < noise.length; rung++) {
                noise[rung] = random.nextGaussian();
            }
            TreeMap<Double, Double> intermediate = new TreeMap<>();
            TrialState state = TrialState.COMPLETE;
            for (double budget : pruner.budgetsFor(number, ladder)) {
                int rung = ladder.indexOf(budget);
                double accuracy = trueQuality[number] - SMALL_BUDGET_PENALTY * (1 - budget)
                        + NOISE_AT_FULL_BUDGET / Math.sqrt(budget) * noise[rung];
                intermediate.put(budget, accuracy);
                evaluatedAt[rung]++;
                rowsSpent += budget;
                Trial running = new Trial(number, number, TrialState.RUNNING, Map.of(), intermediate, List.of(),
                        Map.of(), null, null, "test", null);
                if (pruner.shouldPrune(new PruningContext(running, budget, ladder, trials, Direction.MAXIMIZE))) {
                    state = TrialState.PRUNED;
                    break;
                }
            }
            List<Double> values = state == TrialState.COMPLETE ? List.of(intermediate.lastEntry().getValue()) : List.of();
            trials.add(new Trial(number, number, state, Map.of(), intermediate, values, Map.of(), null, null,
                    "test", null));
        }
        return new Outcome(trials, trueQuality, evaluatedAt, rowsSpent);
    }
}
