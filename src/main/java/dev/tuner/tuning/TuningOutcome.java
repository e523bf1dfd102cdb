package dev.tuner.tuning;

import dev.tuner.study.StudyResult;

import java.util.List;
import java.util.Map;

/**
 * The result of {@link Tuning#run}: the study, plus what the reports need around it.
 *
 * @param result         the study after the run
 * @param parameterNames the search space's parameter names, in column order
 * @param budgets        the budget ladder
 * @param extras         extra sections of best.json (held-out comparison of the best trial with the defaults)
 * @param summaryLines   lines for the build log
 */
public record TuningOutcome(StudyResult result, List<String> parameterNames, List<Double> budgets,
                            Map<String, Object> extras, List<String> summaryLines) {
}
