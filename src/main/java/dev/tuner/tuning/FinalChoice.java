package dev.tuner.tuning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.space.SearchSpace;
import dev.tuner.tribuo.DataSplits;
import dev.tuner.tribuo.TribuoObjective;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.ParamValues;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The study's final choice made on more evidence than one cross-validation: the best few trials (and the trial of
 * the trainer's defaults) are re-scored on {@code repeats} more cross-validations over other folds of the same tuning
 * rows, and the trial with the best mean over the new folds wins. With a handful of folds the study's best is often
 * the luckiest of many similar trials rather than the best one; on folds that took no part in ranking them, that luck
 * is gone, so a tuned model does not lose to the defaults by it.
 *
 * <p>Why the new folds only: the candidates are the trials the study's folds ranked highest, so on those folds
 * their values carry the luck they were selected for (the winner's curse), most of all the study's best and most of
 * all under a model-based sampler, which seeks out what the study's folds favour (on breast-cancer with XGBoost,
 * {@code auto}'s best had a median log-loss of 0.0931 by the study's folds over 20 seeds, the chosen trials 0.0966
 * over all nine). A mean that kept the study's folds would keep a third of that luck, and hold the defaults trial,
 * which was not selected, to a stricter standard.
 *
 * <p>One objective only: a Pareto set is reported whole. Deterministic for a seed: each repeat's folds come from
 * the seed and the repeat number, and every candidate is trained with the study's seed.
 */
public final class FinalChoice {
    /** The study attribute that holds the chosen trial, so that {@code bundle} refits the same one. */
    public static final String ATTRIBUTE = "finalChoice";
    /** How close, as a fraction of each parameter's range, two trials must be to count as one configuration. */
    static final double ALIKE_FRACTION = 0.1;

    /**
     * How the final choice is made.
     *
     * @param top     the best trials re-scored ({@code <rescoreTop>}); below 2 the study's best is taken as it is
     * @param repeats further cross-validations over other folds ({@code <rescoreRepeats>})
     */
    public record Settings(int top, int repeats) {
        public static final Settings DEFAULT = new Settings(3, 2);
        /** The study's best as it is. */
        public static final Settings OFF = new Settings(0, 1);

        public Settings {
            if (top < 0) {
                throw new InvalidSettingException("rescoreTop", top, "must be >= 0");
            }
            if (repeats < 1) {
                throw new InvalidSettingException("rescoreRepeats", repeats, "must be >= 1");
            }
        }

        public boolean enabled() {
            return top >= 2;
        }
    }

    /** One re-scored trial: its study value, its mean over the repeats' folds and over every fold. */
    public record Candidate(int number, boolean defaults, double studyValue, double repeatsValue, double combined) {
    }

    /**
     * The outcome: the chosen trial and the study's own best, and every candidate best first.
     *
     * @param metric  the objective's metric
     * @param folds   folds per cross-validation
     * @param repeats cross-validations added to the study's
     * @param completeTrials the study's complete trials when the choice was made: a later trial makes it stale
     * @param constraints    the constraints the candidates met: other constraints make it stale
     */
    public record Outcome(Trial chosen, Trial studyBest, String metric, int folds, int repeats,
                          List<Candidate> candidates, long completeTrials, String constraints) {
        public boolean changed() {
            return chosen.number() != studyBest.number();
        }

        /** The best.json section and the study attribute. */
        public Report report() {
            return new Report(chosen.number(), studyBest.number(), changed(), metric, folds, repeats, completeTrials,
                    constraints, candidates.stream().map(c -> new Report.Row(c.number(), c.defaults(), c.studyValue(),
                            c.repeatsValue(), c.combined())).toList());
        }

        /** One line for the build log. */
        public String line() {
            // One fold is a single validation split (<folds>1</folds>), not a cross-validation of "1 folds".
            String evidence = folds == 1 ? repeats + " new validation split" + (repeats == 1 ? "" : "s")
                    : repeats + " new cross-validation" + (repeats == 1 ? "" : "s") + " of " + folds + " folds";
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Final choice: trial #%d on %s (%s: ",
                    chosen.number(), evidence, metric));
            for (int i = 0; i < candidates.size(); i++) {
                Candidate c = candidates.get(i);
                s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "#%d%s %.4f (study %.4f)",
                        c.number(), c.defaults() ? " defaults" : "", c.repeatsValue(), c.studyValue()));
            }
            s.append(")");
            if (changed()) {
                s.append("; the study's best by its own folds was #").append(studyBest.number());
            }
            return s.toString();
        }
    }

    /**
     * The {@code finalChoice} section of best.json, also kept as a study attribute so that {@code bundle} refits the
     * same trial.
     *
     * @param chosen         the trial chosen
     * @param studyBest      the study's best by its own folds
     * @param changed        whether the two differ
     * @param completeTrials the study's complete trials when the choice was made
     * @param constraints    the constraints the candidates met
     * @param candidates     every candidate, best first
     */
    public record Report(int chosen, int studyBest, boolean changed, String metric, int folds, int repeats,
                         long completeTrials, String constraints, List<Row> candidates) {

        /** One candidate: its value by the study's folds, by the repeats' folds and over all of them. */
        public record Row(int number, boolean defaults, double study, double repeats, double combined) {
        }
    }

    /** Evaluates one candidate on one fold of one repeat and returns the metrics. */
    @FunctionalInterface
    public interface RepeatEvaluator {
        Map<String, Double> evaluate(int repeat, Map<String, Object> params, int fold) throws Exception;
    }

    private FinalChoice() {
    }

    /**
     * The candidates: the {@code top} best feasible complete trials that are different configurations (a trial
     * {@link #alike} a better one is passed over), plus the trial whose parameters are {@code defaults} when it
     * completed and is feasible; empty when there are fewer than two.
     *
     * <p>Why different configurations: a sampler that refines around its best trial leaves the top of the ranking
     * to near-copies of one configuration. When the study's folds happen to favour that configuration, re-scoring
     * its copies on other folds cannot find out, since they all share its luck; re-scoring the best of other
     * regions can.
     *
     * @param space the study's space, to tell near-copies apart; null to pass over exact copies only
     */
    public static List<Trial> candidates(StudyResult result, int top, Map<String, Object> defaults,
                                         SearchSpace space) {
        List<Trial> ranked = result.ranked().stream()
                .filter(t -> t.state() == TrialState.COMPLETE && Double.isFinite(t.value())).toList();
        List<Trial> out = new ArrayList<>();
        for (Trial t : ranked) {
            if (out.size() >= top) {
                break;
            }
            if (out.stream().noneMatch(o -> alike(space, o.params(), t.params()))) {
                out.add(t);
            }
        }
        if (defaults != null) {
            ranked.stream().filter(t -> ParamValues.same(t.params(), defaults)).findFirst().ifPresent(t -> {
                if (!out.contains(t)) {
                    out.add(t);
                }
            });
        }
        return out.size() < 2 ? List.of() : out;
    }

    /**
     * Whether two trials are the same configuration for the final choice: the same parameters, or, given the space,
     * the same choices and every number within {@value #ALIKE_FRACTION} of its range (of its logarithm where the
     * distribution is logarithmic). Their cross-validated values then differ by less than the folds' noise, so
     * re-scoring both tells nothing that re-scoring one does not.
     */
    static boolean alike(SearchSpace space, Map<String, Object> a, Map<String, Object> b) {
        if (ParamValues.same(a, b)) {
            return true;
        }
        if (space == null || !a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> entry : a.entrySet()) {
            Object other = b.get(entry.getKey());
            Distribution distribution = space.distributions().get(entry.getKey());
            if (ParamValues.same(entry.getValue(), other)) {
                continue;
            }
            if (distribution == null || distribution instanceof CategoricalDistribution
                    || !distribution.contains(entry.getValue()) || !distribution.contains(other)) {
                return false;
            }
            double range = distribution.internalHigh() - distribution.internalLow();
            if (Math.abs(distribution.toInternal(entry.getValue()) - distribution.toInternal(other))
                    > ALIKE_FRACTION * range) {
                return false;
            }
        }
        return true;
    }

    /**
     * Re-scores the candidates of a one-objective study and returns the choice, or null when there is nothing to
     * choose between (re-scoring off, several objectives, fewer than two candidates).
     *
     * @param defaults  the parameters of the defaults trial, or null
     * @param space     the study's space ({@link #candidates}), or null
     * @param budget    the budget complete trials were scored at (the ladder's last)
     * @param folds     folds per cross-validation
     * @param jobs      threads to re-score with
     * @param evaluator trains and measures one candidate on one fold of one repeat
     */
    public static Outcome choose(StudyResult result, Settings settings, Map<String, Object> defaults,
                                 SearchSpace space, int folds, int jobs, RepeatEvaluator evaluator) throws Exception {
        if (!settings.enabled() || result.objectives().size() != 1) {
            return null;
        }
        List<Trial> candidates = candidates(result, settings.top(), defaults, space);
        if (candidates.isEmpty()) {
            return null;
        }
        ObjectiveSpec objective = result.objectives().get(0);
        String metric = objective.metric();
        int repeats = settings.repeats();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs), r -> {
            Thread t = new Thread(r, "tuner-final-choice");
            t.setDaemon(true);
            return t;
        });
        try {
            List<List<Future<Map<String, Double>>>> scores = new ArrayList<>();
            for (Trial t : candidates) {
                List<Future<Map<String, Double>>> perTrial = new ArrayList<>();
                for (int r = 1; r <= repeats; r++) {
                    for (int f = 0; f < folds; f++) {
                        int repeat = r;
                        int fold = f;
                        perTrial.add(pool.submit(() -> evaluator.evaluate(repeat, t.params(), fold)));
                    }
                }
                scores.add(perTrial);
            }
            List<Candidate> scored = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                Trial t = candidates.get(i);
                double sum = 0;
                for (Future<Map<String, Double>> f : scores.get(i)) {
                    Double v = f.get().get(metric);
                    if (v == null || !Double.isFinite(v)) {
                        throw new IllegalStateException("trial #" + t.number() + " gave no finite " + metric
                                + " when re-scored");
                    }
                    sum += v;
                }
                double repeatsValue = sum / (repeats * folds);
                double combined = (t.value() * folds + sum) / ((repeats + 1) * folds);
                boolean isDefaults = defaults != null && ParamValues.same(t.params(), defaults);
                scored.add(new Candidate(t.number(), isDefaults, t.value(), repeatsValue, combined));
            }
            Direction direction = objective.direction();
            // Ties go to the trial the study ranked higher: the list is in the study's order and the sort is stable.
            List<Candidate> best = scored.stream()
                    .sorted(Comparator.comparingDouble(c -> direction.toLoss(c.repeatsValue()))).toList();
            Trial chosen = candidates.stream().filter(t -> t.number() == best.get(0).number()).findFirst()
                    .orElseThrow();
            return new Outcome(chosen, candidates.get(0), metric, folds, repeats, best,
                    result.count(TrialState.COMPLETE), result.constraints().toString());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The final choice of a built-in trainer's study, stored in the study for {@code bundle}; null when none is
     * made, or when re-scoring failed (a warning says why; the study's best stands). Candidates train at the
     * ladder's last budget, as complete trials did.
     */
    static Outcome run(TuningRequest request, TribuoSetup setup, StudyResult result, Map<String, Object> defaults,
                       dev.tuner.storage.StudyStorage storage, dev.tuner.study.StudyListener listener)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        DataSplits splits = setup.splits();
        Optional<Outcome> unchanged = reusable(storage.studyAttribute(result.study().id(), ATTRIBUTE).orElse(null),
                result, request.options().finalChoice(), defaults, setup.space(), splits.folds());
        if (unchanged.isPresent()) {
            listener.info("Final choice: as the last run made it on the same " + unchanged.get().completeTrials()
                    + " complete trials (re-scoring again would train the same folds with the same seed)");
            return unchanged.get();
        }
        List<Double> budgets = request.budgets();
        double budget = budgets == null || budgets.isEmpty() ? 1.0 : budgets.get(budgets.size() - 1);
        Map<Integer, TribuoObjective> byRepeat = new ConcurrentHashMap<>();
        Outcome outcome;
        try {
            outcome = choose(result, request.options().finalChoice(), defaults, setup.space(), splits.folds(),
                    request.jobs(),
                    (repeat, params, fold) -> byRepeat.computeIfAbsent(repeat, r -> {
                        DataSplits other = new DataSplits(splits.data(), splits.testFraction(), splits.folds(),
                                splits.seed(), r);
                        return setup.choice() != null ? TribuoObjective.choosing(other, setup.choice(),
                                request.seed()) : new TribuoObjective(other, setup.trainer(), request.seed());
                    }).evaluate(params, budget, fold));
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null
                    ? e.getCause() : e;
            listener.warning("Final choice: re-scoring the top trials on more folds failed (" + cause
                    + "); the study's best by its own folds stands (rescoreTop 0 skips re-scoring)");
            return null;
        }
        if (outcome != null) {
            storage.setStudyAttribute(result.study().id(), ATTRIBUTE,
                    new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(outcome.report()));
        }
        return outcome;
    }

    /**
     * The choice stored by an earlier run when re-scoring now would repeat it exactly: the same complete trials and
     * constraints, the same metric, folds and repeats, and the same candidates (so the same {@code <rescoreTop>}).
     * Each repeat's folds come from the seed and the repeat number, so the scores would be the same; a build that
     * runs {@code verify} again on a finished study then does not train the candidates again.
     *
     * @param attributeJson the study's {@link #ATTRIBUTE}, or null
     */
    public static Optional<Outcome> reusable(String attributeJson, StudyResult result, Settings settings,
                                             Map<String, Object> defaults, SearchSpace space, int folds) {
        if (attributeJson == null || !settings.enabled() || result.objectives().size() != 1) {
            return Optional.empty();
        }
        Report stored;
        try {
            stored = new ObjectMapper().readValue(attributeJson, Report.class);
        } catch (JsonProcessingException unreadable) {
            return Optional.empty();
        }
        List<Trial> candidates = candidates(result, settings.top(), defaults, space);
        String metric = result.objectives().get(0).metric();
        if (stored.candidates() == null || stored.completeTrials() != result.count(TrialState.COMPLETE)
                || !result.constraints().toString().equals(stored.constraints()) || !metric.equals(stored.metric())
                || stored.folds() != folds || stored.repeats() != settings.repeats()
                || !candidates.stream().map(Trial::number).sorted().toList()
                .equals(stored.candidates().stream().map(Report.Row::number).sorted().toList())) {
            return Optional.empty();
        }
        Map<Integer, Trial> byNumber = new HashMap<>();
        candidates.forEach(t -> byNumber.put(t.number(), t));
        List<Candidate> rows = stored.candidates().stream().map(r -> new Candidate(r.number(), r.defaults(),
                r.study(), r.repeats(), r.combined())).toList();
        return Optional.of(new Outcome(byNumber.get(stored.chosen()), candidates.get(0), metric, folds,
                settings.repeats(), rows, stored.completeTrials(), stored.constraints()));
    }

    /**
     * The trial {@link #ATTRIBUTE} names, when the study has not completed a trial since the choice was made (a
     * later trial was never compared with it) and {@code result} has the constraints the choice was made under
     * (other constraints admit other candidates); else empty, and the study's best stands.
     */
    public static Optional<Trial> stored(StudyResult result, String attributeJson) {
        if (attributeJson == null) {
            return Optional.empty();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(attributeJson);
            com.fasterxml.jackson.databind.JsonNode node = root.path("chosen");
            if (!node.canConvertToInt() || root.path("completeTrials").asLong(-1)
                    != result.count(TrialState.COMPLETE)
                    || !root.path("constraints").asText("").equals(result.constraints().toString())) {
                return Optional.empty();
            }
            int number = node.asInt();
            return result.ranked().stream().filter(t -> t.number() == number && t.state() == TrialState.COMPLETE)
                    .findFirst();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
