package dev.tuner.tuning;

import dev.tuner.study.ProductionRun;
import dev.tuner.study.StudyResult;

import java.util.List;

/**
 * The result of {@link Tuning#run}: the study, plus what the reports need around it.
 *
 * @param result         the study after the run
 * @param parameterNames the search space's parameter names, in column order
 * @param budgets        the budget ladder
 * @param report         the sections of best.json around the study
 * @param summaryLines   lines for the build log
 * @param production     the top-k trials re-run on all of the data (an objective with a full run); empty otherwise
 * @param phases         wall seconds of the run's trials, final choice and held-out refits
 */
public record TuningOutcome(StudyResult result, List<String> parameterNames, List<Double> budgets,
                            TuningReport report, List<String> summaryLines,
                            List<ProductionRun.Row> production, PhaseSeconds phases) {
}
