package dev.tuner.report;

import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Trial;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The study's outcome as log lines: the best trial of one objective, or, with several objectives, the Pareto front
 * (no single trial is best then: naming the best of the first objective would present a dominated trial as the answer).
 */
public final class ConsoleSummary {
    /** Front members listed one per line; the rest are counted (best.json and pareto.csv list them all). */
    public static final int FRONT_LINES = 10;

    private ConsoleSummary() {
    }

    public static List<String> lines(StudyResult result) {
        return lines(result, -1);
    }

    /**
     * @param chosen the trial the final choice took (re-scored on more folds), which best.json and summary.md name
     *               the best; -1 when the study's own best stands
     */
    public static List<String> lines(StudyResult result, int chosen) {
        List<String> out = new ArrayList<>();
        List<ObjectiveSpec> objectives = result.objectives();
        if (objectives.size() == 1) {
            Trial best = result.best();
            Trial pick = best == null ? null : result.trials().stream().filter(t -> t.number() == chosen).findFirst()
                    .orElse(best);
            if (pick != null && pick.number() != best.number()) {
                out.add("Best trial #" + pick.number() + ": " + values(pick, objectives) + " " + pick.params()
                        + ", the final choice on more folds (below) over the study's best by its own folds, #"
                        + best.number() + " " + values(best, objectives));
            } else if (best != null) {
                out.add("Best trial #" + best.number() + ": " + values(best, objectives) + " " + best.params());
            } else if (result.infeasible() > 0) {
                out.add("No best trial: every complete trial breaks a constraint");
            }
            return out;
        }
        List<Trial> front = result.paretoFront();
        if (front.isEmpty()) {
            out.add(result.infeasible() > 0 ? "No Pareto front: every complete trial breaks a constraint"
                    : "No Pareto front: no complete trial");
            return out;
        }
        out.add("Pareto front: " + front.size() + " non-dominated trial(s) on "
                + String.join(", ", objectives.stream().map(ObjectiveSpec::toString).toList()));
        for (Trial t : front.subList(0, Math.min(FRONT_LINES, front.size()))) {
            out.add("  #" + t.number() + ": " + values(t, objectives) + " " + t.params());
        }
        if (front.size() > FRONT_LINES) {
            out.add("  ... and " + (front.size() - FRONT_LINES) + " more (best.json, pareto.csv)");
        }
        return out;
    }

    /** {@code metric=value} for each objective, four decimals, space-separated. */
    public static String values(Trial t, List<ObjectiveSpec> objectives) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < objectives.size() && i < t.values().size(); i++) {
            b.append(i > 0 ? " " : "").append(objectives.get(i).metric()).append('=')
                    .append(String.format(Locale.ROOT, "%.4f", t.values().get(i)));
        }
        return b.toString();
    }
}
