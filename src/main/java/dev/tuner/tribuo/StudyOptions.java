package dev.tuner.tribuo;

import dev.tuner.study.Constraint;
import dev.tuner.study.Stage;

import java.util.List;
import java.util.Map;

/**
 * The study options beyond the basic ones of {@link TuningRequest}: constraints, warm-start trials and the sweep.
 *
 * @param constraints  limits on metrics ({@code <constraints>}); infeasible trials never count as best
 * @param enqueue      known configurations evaluated first ({@code <enqueue><trial>...}), parameter name to value text
 * @param params       pinned parameters ({@code <params>}); the sweep's baseline (trainer defaults when empty)
 * @param maxVariants  the sweep's variants after the baseline, at most
 * @param topK         trials of the Pareto set re-evaluated on the held-out rows (several objectives)
 * @param stages       stages of a staged study ({@code <stages>}), empty for one study
 */
public record StudyOptions(List<Constraint> constraints, List<Map<String, String>> enqueue, Map<String, String> params,
                           int maxVariants, int topK, List<Stage> stages) {
    public static final StudyOptions NONE = new StudyOptions(List.of(), List.of(), Map.of(), 20, 5);

    /** Options without stages. */
    public StudyOptions(List<Constraint> constraints, List<Map<String, String>> enqueue, Map<String, String> params,
                        int maxVariants, int topK) {
        this(constraints, enqueue, params, maxVariants, topK, List.of());
    }

    /** The same options with {@code stages}. */
    public StudyOptions withStages(List<Stage> stages) {
        return new StudyOptions(constraints, enqueue, params, maxVariants, topK, stages);
    }

    public StudyOptions {
        stages = stages == null ? List.of() : List.copyOf(stages);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        enqueue = enqueue == null ? List.of() : List.copyOf(enqueue);
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
