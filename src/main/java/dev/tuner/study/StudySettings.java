package dev.tuner.study;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.space.SearchSpace;

import dev.tuner.trial.Constraint;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that shapes one run of a study.
 *
 * @param name         the study's name in storage
 * @param description  what makes trials comparable (data hash, trainer, ...); the engine adds the space, objectives,
 *                     budgets and folds, and fingerprints the whole
 * @param space        the search space
 * @param objectives   objectives in order; the first one drives pruning and single-objective "best"
 * @param trials       the study's target: finished trials in total, whoever ran them
 * @param budgets      rising fractions of the training rows in (0, 1]
 * @param folds        folds per budget (1 = a single train/validation split chosen by the objective)
 * @param jobs         worker threads in this process
 * @param seed         seed of the samplers; with one job, the same trials every run
 * @param trialTimeout wall-clock limit of one trial, or null for none
 * @param constraints  limits on metrics; trials breaking one are infeasible (not part of the fingerprint: they do not
 *                     change what a trial measures, only which trials count)
 * @param enqueued     known configurations evaluated before any sampled one (warm start); each is enqueued once
 */
public record StudySettings(String name, Map<String, Object> description, SearchSpace space,
                            List<ObjectiveSpec> objectives, int trials, List<Double> budgets, int folds, int jobs,
                            long seed, Duration trialTimeout, List<Constraint> constraints,
                            List<Map<String, Object>> enqueued) {

    /** Settings without constraints or enqueued trials. */
    public StudySettings(String name, Map<String, Object> description, SearchSpace space,
                         List<ObjectiveSpec> objectives, int trials, List<Double> budgets, int folds, int jobs,
                         long seed, Duration trialTimeout) {
        this(name, description, space, objectives, trials, budgets, folds, jobs, seed, trialTimeout, List.of(),
                List.of());
    }

    public StudySettings {
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        constraints.forEach(Constraint::check);
        enqueued = enqueued == null ? List.of() : List.copyOf(enqueued);
        if (name == null || name.isBlank()) {
            throw new InvalidSettingException("study", null, "must not be empty");
        }
        description = description == null ? Map.of() : new TreeMap<>(description);
        objectives = List.copyOf(objectives);
        budgets = List.copyOf(budgets);
        if (objectives.isEmpty()) {
            throw new InvalidSettingException("objectives", null, "must name at least one metric");
        }
        if (trials < 1) {
            throw new InvalidSettingException("trials", trials, "must be >= 1");
        }
        if (jobs < 1) {
            throw new InvalidSettingException("jobs", jobs, "must be >= 1");
        }
        if (folds < 1) {
            throw new InvalidSettingException("folds", folds, "must be >= 1");
        }
        checkBudgets(budgets);
        if (trialTimeout != null && (trialTimeout.isZero() || trialTimeout.isNegative())) {
            throw new InvalidSettingException("trialTimeout", trialTimeout, "must be positive");
        }
    }

    /** Budgets must rise strictly inside (0, 1]. */
    public static void checkBudgets(List<Double> budgets) {
        if (budgets.isEmpty()) {
            throw new InvalidSettingException("budgets", null, "must list at least one fraction, e.g. 0.1,0.3,1.0");
        }
        double previous = 0;
        for (double b : budgets) {
            if (!(b > 0 && b <= 1)) {
                throw new InvalidSettingException("budgets", written(budgets), b + " is outside (0, 1]");
            }
            if (b <= previous) {
                throw new InvalidSettingException("budgets", written(budgets), "budgets must rise, but " + b
                        + " follows " + previous);
            }
            previous = b;
        }
    }

    /** The ladder as the setting writes it: {@code 0.1,0.3,1.0}. */
    private static String written(List<Double> budgets) {
        return String.join(",", budgets.stream().map(String::valueOf).toList());
    }

    public List<Direction> directions() {
        List<Direction> directions = new ArrayList<>(objectives.size());
        for (ObjectiveSpec spec : objectives) {
            directions.add(spec.direction());
        }
        return directions;
    }
}
