package dev.tuner.study;

import dev.tuner.trial.Trial;
import dev.tuner.trial.Constraint;
import dev.tuner.trial.ParetoFront;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After a study of a project's {@link Objective}: its top-k trials re-run on all of the data
 * ({@link Objective#evaluateFull}), next to what the study measured on its samples.
 */
public final class ProductionRun {
    private ProductionRun() {
    }

    /**
     * One re-run trial.
     *
     * @param number   the trial's number
     * @param params   its parameters
     * @param sample   its metrics in the study (the largest budget, averaged over the folds)
     * @param full     its metrics on all of the data
     * @param feasible whether {@code full} meets every constraint of the study
     */
    public record Row(int number, Map<String, Object> params, Map<String, Double> sample, Map<String, Double> full,
                      boolean feasible) {
    }

    /**
     * The top-k trials (with several objectives, {@link ParetoFront#topK} of the Pareto set; with one, the best
     * {@code k} by its value), best first, each re-run on all of the data. Empty when the objective has no full run
     * (its {@code evaluateFull} returns an empty map) or nothing completed.
     */
    public static List<Row> run(Objective objective, StudyResult result, int k) throws Exception {
        List<Trial> chosen = result.objectives().size() > 1
                ? ParetoFront.topK(result.paretoFront(), result.objectives(), k)
                : result.ranked().stream().limit(k).toList();
        List<Row> rows = new ArrayList<>();
        for (Trial t : chosen) {
            Map<String, Double> full = objective.evaluateFull(t.params());
            if (full == null || full.isEmpty()) {
                return List.of();
            }
            rows.add(new Row(t.number(), t.params(), new LinkedHashMap<>(t.metrics()), new LinkedHashMap<>(full),
                    Constraint.totalViolation(result.constraints(), full) == 0));
        }
        return rows;
    }
}
