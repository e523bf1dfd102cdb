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
 * @param trials         the trials of the run, over every stage of a staged run ({@code result} is the last stage's)
 */
public record TuningOutcome(StudyResult result, List<String> parameterNames, List<Double> budgets,
                            TuningReport report, List<String> summaryLines,
                            List<ProductionRun.Row> production, PhaseSeconds phases, RunTrials trials) {

    /**
     * Trials finished before the run and by it: what the run's estimate planned from and against.
     *
     * @param finishedBefore finished trials when the run started
     * @param ranHere        trials the run finished
     */
    public record RunTrials(int finishedBefore, int ranHere) {

        /** The counts of one study's run. */
        public static RunTrials of(StudyResult result) {
            int finishedNow = (int) result.trials().stream().filter(t -> t.state().isFinished()).count();
            return new RunTrials(finishedNow - result.ranHere(), result.ranHere());
        }

        /** The counts of two studies run one after the other, as the stages are. */
        public RunTrials plus(RunTrials other) {
            return new RunTrials(finishedBefore + other.finishedBefore, ranHere + other.ranHere);
        }
    }
}
