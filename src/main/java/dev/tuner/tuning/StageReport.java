package dev.tuner.tuning;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code best.json}'s {@code stages}; a field a stage does not have is null and left out. A searching
 * stage has {@code study} to {@code complete} (sanity adds {@code trivial} and {@code passed}, fine
 * {@code narrowedFrom}); refit has {@code from} to {@code crossValidated}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageReport(String name, NarrowedFrom narrowedFrom, String study, Integer trials, String sampler,
                          String pruner, List<Double> budgets, Map<String, String> searchSpace, Best best,
                          Long complete, Trivial trivial, Boolean passed, String from, Integer trial,
                          Map<String, Object> params, Integer heldOutRows, Map<String, Double> heldOut,
                          Map<String, Double> crossValidated) {

    /** The stage the fine stage narrowed around: its top trials and the margin. */
    public record NarrowedFrom(String stage, List<Integer> top, double margin) {
    }

    /** A stage's best trial. */
    public record Best(int number, Map<String, Double> values, Map<String, Object> params) {
    }

    /** The trivial predictor of the sanity stage and its figure on the primary metric, written under that metric. */
    public record Trivial(String predictor, @JsonIgnore String metric, @JsonIgnore double value) {
        @JsonAnyGetter
        Map<String, Double> figure() {
            return Map.of(metric, value);
        }
    }

    /** A searching stage's entry. */
    static StageReport searched(String name, NarrowedFrom narrowedFrom, String study, int trials, String sampler,
                                String pruner, List<Double> budgets, Map<String, String> searchSpace, Best best,
                                long complete, Trivial trivial, Boolean passed) {
        return new StageReport(name, narrowedFrom, study, trials, sampler, pruner, budgets, searchSpace, best,
                complete, trivial, passed, null, null, null, null, null, null);
    }

    /** The refit stage's entry. */
    static StageReport refit(String from, int trial, Map<String, Object> params, Integer heldOutRows,
                             Map<String, Double> heldOut, Map<String, Double> crossValidated) {
        return new StageReport("refit", null, null, null, null, null, null, null, null, null, null, null, from,
                trial, params, heldOutRows, heldOut, crossValidated);
    }
}
