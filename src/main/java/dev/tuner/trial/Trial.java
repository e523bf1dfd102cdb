package dev.tuner.trial;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A snapshot of one trial as the storage holds it.
 *
 * @param id           storage key (unique in the storage)
 * @param number       0-based number inside the study, assigned by the storage, never reused
 * @param state        life-cycle state
 * @param params       parameter values: Double for float ranges, Long for int ranges, String for choices
 * @param intermediate fold-averaged value of the first objective reported at each budget (budget to value)
 * @param values       final value of each objective, in the study's objective order (empty unless COMPLETE)
 * @param metrics      every metric the objective returned at the last evaluated budget, fold-averaged
 * @param started      when a worker claimed it (null while WAITING)
 * @param finished     when it reached a finished state (null before)
 * @param worker       who ran it: host, process and thread
 * @param message      why it failed or was pruned, or null
 */
public record Trial(long id, int number, TrialState state, Map<String, Object> params,
                    NavigableMap<Double, Double> intermediate, List<Double> values, Map<String, Double> metrics,
                    Instant started, Instant finished, String worker, String message) {

    public Trial {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        intermediate = Collections.unmodifiableNavigableMap(intermediate == null ? new TreeMap<>() : new TreeMap<>(intermediate));
        values = values == null ? List.of() : List.copyOf(values);
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The first objective's final value, or NaN when the trial did not complete. */
    public double value() {
        return values.isEmpty() ? Double.NaN : values.get(0);
    }

    /** Seconds between start and finish, or NaN. */
    public double seconds() {
        if (started == null || finished == null) {
            return Double.NaN;
        }
        return (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0;
    }

    /** The last budget this trial reported at, or NaN. */
    public double lastBudget() {
        return intermediate.isEmpty() ? Double.NaN : intermediate.lastKey();
    }

    /** The objective values by metric name, in the objectives' order; an objective without a value is left out. */
    public Map<String, Double> valuesByMetric(List<ObjectiveSpec> objectives) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < objectives.size() && i < values.size(); i++) {
            out.put(objectives.get(i).metric(), values.get(i));
        }
        return out;
    }
}
