package dev.tuner.pruner;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What a pruner is expected to do to a study of {@code N} trials over a budget ladder: how many trials are
 * evaluated at each budget and how many are stopped there. This is the input of the {@code estimate} goal's plan.
 *
 * <p>The figures come from running the real {@link Pruner} on synthetic trials, not from a separate formula, so
 * they follow every rule of the pruner (startup trials, ASHA's early promotions, Hyperband's bracket dealing) and
 * stay right when a pruner changes. Each simulation runs one worker: trials one after another, each evaluated at
 * {@link Pruner#budgetsFor} in order, the pruner asked after every budget, exactly as the engine does.
 *
 * <p>The synthetic objective is a loss: trial quality {@code q ~ U(0, 1)} plus noise that shrinks to nothing at the
 * full budget, {@code sigma(b) = 0.2 * (1 - b / b_last)}, made of a part shared by all budgets of a trial
 * (correlation 0.5 between two budgets' noise) and a part drawn per budget. Small budgets thus rank trials
 * roughly but not exactly as the full budget does. The ranking, not the scale, is what pruners look at, so the
 * counts depend on this model only through how well small budgets predict large ones.
 */
public final class PruningForecast {

    /** Simulated studies the estimate's pruner plan averages: enough for counts to about +-1.5%. */
    public static final int SIMULATIONS = 400;

    private static final double NOISE_AT_ZERO_BUDGET = 0.2;
    private static final double NOISE_CORRELATION_ACROSS_BUDGETS = 0.5;

    private PruningForecast() {
    }

    /**
     * Expected numbers for a study of {@code trials} trials, per ladder budget, averaged over {@code simulations}.
     *
     * @param bySimulation each simulated study's own counts, in order: how far one study may land from the average
     *                     (which trials a pruner stops depends on the order their values arrive in)
     */
    public record Forecast(String pruner, int trials, int simulations, RungCounts counts,
                           List<RungCounts> bySimulation) {

        public Forecast {
            bySimulation = List.copyOf(bySimulation);
        }

        public List<Double> ladder() {
            return counts.ladder();
        }

        public double[] evaluated() {
            return counts.evaluated();
        }

        public double[] stopped() {
            return counts.stopped();
        }

        /** Expected evaluations (trial x budget), each of which the engine runs once per fold. */
        public double expectedRuns() {
            return counts.expectedRuns();
        }

        /** Expected trials pruned in all. */
        public double expectedStopped() {
            return counts.expectedStopped();
        }

        /**
         * Expected training rows spent, relative to evaluating every trial once at the full budget (what the
         * {@link NopPruner} does).
         */
        public double rowsFraction() {
            List<Double> ladder = counts.ladder();
            double[] evaluated = counts.evaluated();
            double rows = 0.0;
            for (int rung = 0; rung < ladder.size(); rung++) {
                rows += evaluated[rung] * ladder.get(rung);
            }
            return rows / (trials * ladder.get(ladder.size() - 1));
        }
    }

    /** The averages of {@code simulations} simulated studies of {@code nTrials} trials; same seed, same figures. */
    public static Forecast forecast(Pruner pruner, int nTrials, List<Double> ladder, long seed, int simulations) {
        return forecast(pruner, nTrials, ladder, seed, simulations, 1);
    }

    /**
     * The same for a study of {@code objectives} objectives: with several, the engine judges a trial by
     * {@link Pruner#shouldPrune(double[], List)} (its rank on the Pareto fronts of the rung, see
     * {@link ParetoRungRule}), which stops far fewer trials than one ranking does; each synthetic objective then has a
     * quality of its own (independent goals, as the goals of a Pareto study pull apart).
     */
    public static Forecast forecast(Pruner pruner, int nTrials, List<Double> ladder, long seed, int simulations,
                                    int objectives) {
        if (nTrials < 0) {
            throw new IllegalArgumentException("nTrials must be >= 0, got " + nTrials);
        }
        if (simulations < 1) {
            throw new IllegalArgumentException("simulations must be >= 1, got " + simulations);
        }
        checkLadder(ladder);
        Random random = new Random(seed);
        double[] evaluated = new double[ladder.size()];
        double[] stopped = new double[ladder.size()];
        List<RungCounts> bySimulation = new ArrayList<>(simulations);
        for (int simulation = 0; simulation < simulations; simulation++) {
            double[] studyEvaluated = new double[ladder.size()];
            double[] studyStopped = new double[ladder.size()];
            if (objectives > 1) {
                simulateParetoStudy(pruner, nTrials, ladder, objectives, random, studyEvaluated, studyStopped);
            } else {
                simulateStudy(pruner, nTrials, ladder, random, studyEvaluated, studyStopped);
            }
            bySimulation.add(new RungCounts(ladder, studyEvaluated, studyStopped));
            for (int rung = 0; rung < ladder.size(); rung++) {
                evaluated[rung] += studyEvaluated[rung];
                stopped[rung] += studyStopped[rung];
            }
        }
        for (int rung = 0; rung < ladder.size(); rung++) {
            evaluated[rung] /= simulations;
            stopped[rung] /= simulations;
        }
        return new Forecast(pruner.name(), nTrials, simulations, new RungCounts(ladder, evaluated, stopped),
                bySimulation);
    }

    /** One study, one worker; adds its counts to {@code evaluated} and {@code stopped}. */
    private static void simulateStudy(Pruner pruner, int nTrials, List<Double> ladder, Random random,
                                      double[] evaluated, double[] stopped) {
        double fullBudget = ladder.get(ladder.size() - 1);
        double independentShare = Math.sqrt(1 - NOISE_CORRELATION_ACROSS_BUDGETS * NOISE_CORRELATION_ACROSS_BUDGETS);
        List<Trial> finished = new ArrayList<>(nTrials);
        for (int number = 0; number < nTrials; number++) {
            // Every draw of a trial is made up front, whatever budgets it will see, so that two pruners simulated
            // with the same seed face the same trials (common random numbers make their figures comparable).
            double quality = random.nextDouble();
            double sharedNoise = random.nextGaussian();
            double[] valueAt = new double[ladder.size()];
            for (int rung = 0; rung < ladder.size(); rung++) {
                double sigma = NOISE_AT_ZERO_BUDGET * (1 - ladder.get(rung) / fullBudget);
                double noise = NOISE_CORRELATION_ACROSS_BUDGETS * sharedNoise + independentShare * random.nextGaussian();
                valueAt[rung] = quality + sigma * noise;
            }

            TreeMap<Double, Double> intermediate = new TreeMap<>();
            TrialState outcome = TrialState.COMPLETE;
            double lastValue = Double.NaN;
            for (double budget : pruner.budgetsFor(number, ladder)) {
                int rung = ladder.indexOf(budget);
                if (rung < 0) {
                    throw new IllegalStateException(pruner.name() + " asked for budget " + budget
                            + ", which is not on the ladder " + ladder);
                }
                lastValue = valueAt[rung];
                intermediate.put(budget, lastValue);
                evaluated[rung]++;
                Trial running = syntheticTrial(number, TrialState.RUNNING, intermediate, List.of());
                PruningContext context = new PruningContext(running, budget, ladder, finished, Direction.MINIMIZE);
                if (pruner.shouldPrune(context)) {
                    stopped[rung]++;
                    outcome = TrialState.PRUNED;
                    break;
                }
            }
            List<Double> values = outcome == TrialState.COMPLETE ? List.of(lastValue) : List.of();
            finished.add(syntheticTrial(number, outcome, intermediate, values));
        }
    }

    /** One study of several objectives, one worker, judged as the engine judges it; adds to the counts. */
    private static void simulateParetoStudy(Pruner pruner, int nTrials, List<Double> ladder, int objectives,
                                            Random random, double[] evaluated, double[] stopped) {
        double fullBudget = ladder.get(ladder.size() - 1);
        double independentShare = Math.sqrt(1 - NOISE_CORRELATION_ACROSS_BUDGETS * NOISE_CORRELATION_ACROSS_BUDGETS);
        List<List<double[]>> reported = new ArrayList<>();
        ladder.forEach(b -> reported.add(new ArrayList<>()));
        for (int number = 0; number < nTrials; number++) {
            double[][] lossAt = new double[ladder.size()][objectives];
            for (int k = 0; k < objectives; k++) {
                double quality = random.nextDouble();
                double sharedNoise = random.nextGaussian();
                for (int rung = 0; rung < ladder.size(); rung++) {
                    double sigma = NOISE_AT_ZERO_BUDGET * (1 - ladder.get(rung) / fullBudget);
                    lossAt[rung][k] = quality + sigma * (NOISE_CORRELATION_ACROSS_BUDGETS * sharedNoise
                            + independentShare * random.nextGaussian());
                }
            }
            List<Double> budgets = pruner.budgetsFor(number, ladder);
            for (double budget : budgets) {
                int rung = ladder.indexOf(budget);
                evaluated[rung]++;
                if (budget == budgets.get(budgets.size() - 1)) {
                    // The trial's last budget completes it: the engine judges only the rungs before it.
                    break;
                }
                boolean prune = pruner.shouldPrune(lossAt[rung], reported.get(rung));
                reported.get(rung).add(lossAt[rung]);
                if (prune) {
                    stopped[rung]++;
                    break;
                }
            }
        }
    }

    private static Trial syntheticTrial(int number, TrialState state, TreeMap<Double, Double> intermediate,
                                        List<Double> values) {
        return new Trial(number, number, state, Map.of(), intermediate, values, Map.of(), null, null,
                "forecast", null);
    }

    private static void checkLadder(List<Double> ladder) {
        if (ladder.isEmpty()) {
            throw new IllegalArgumentException("the budget ladder is empty");
        }
        for (int rung = 1; rung < ladder.size(); rung++) {
            if (!(ladder.get(rung) > ladder.get(rung - 1))) {
                throw new IllegalArgumentException("the budget ladder must rise: " + ladder);
            }
        }
    }
}
