package dev.tuner.tuning;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tuner.sampler.SweepSampler;

import java.util.List;
import java.util.Map;

/**
 * The sections of {@code best.json} that {@link Tuning} adds around the study, in the order the file has them; a
 * section that does not apply is null and left out of the file.
 *
 * @param finalChoice      the top trials re-scored on more folds and the trial chosen (one objective, a built-in
 *                         trainer)
 * @param heldOut          the best trial and the trainer's defaults refit and measured on the held-out rows
 * @param infeasibleTrials complete trials that break a constraint (with constraints only)
 * @param sweep            the sweep's variants against its baseline (sampler {@code sweep} only)
 * @param paretoTopK       the Pareto set's top-k with cross-validated and held-out figures (several objectives)
 * @param hypervolume      of the Pareto front (several objectives, a non-empty front)
 * @param stages           one entry per stage of a staged study
 * @param estimate         the estimate of {@code tuner:estimate} against the seconds the study took
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TuningReport(FinalChoice.Report finalChoice, HeldOut heldOut, Long infeasibleTrials, SweepSampler.Comparison sweep,
                           List<ParetoPick> paretoTopK, Hypervolume hypervolume, List<StageReport> stages,
                           EstimateComparison estimate) {

    /** No section. */
    public static final TuningReport NONE = new TuningReport(null, null, null, null, null, null, null, null);

    /**
     * @param rows      held-out rows
     * @param bestTrial the study's best trial, refit on every tuning row
     * @param tuned     its metrics on the held-out rows
     * @param defaults  the trainer's defaults' metrics on the same rows
     */
    public record HeldOut(int rows, int bestTrial, Map<String, Double> tuned, Map<String, Double> defaults) {
    }

    /**
     * @param number         trial number
     * @param params         its parameters
     * @param crossValidated objective values as the study measured them
     * @param heldOut        objective values refit and measured on the held-out rows; null without held-out rows
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ParetoPick(int number, Map<String, Object> params, Map<String, Double> crossValidated,
                             Map<String, Double> heldOut) {
    }

    /**
     * @param value           hypervolume of the front
     * @param referenceLosses its reference point, each objective as a loss
     */
    public record Hypervolume(double value, double[] referenceLosses) {
    }

    public TuningReport withStages(List<StageReport> stages) {
        return new TuningReport(finalChoice, heldOut, infeasibleTrials, sweep, paretoTopK, hypervolume, stages,
                estimate);
    }

    public TuningReport withEstimate(EstimateComparison estimate) {
        return new TuningReport(finalChoice, heldOut, infeasibleTrials, sweep, paretoTopK, hypervolume, stages,
                estimate);
    }

    public TuningReport withFinalChoice(FinalChoice.Report finalChoice) {
        return new TuningReport(finalChoice, heldOut, infeasibleTrials, sweep, paretoTopK, hypervolume, stages,
                estimate);
    }
}
