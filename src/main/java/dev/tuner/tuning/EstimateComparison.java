package dev.tuner.tuning;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Estimated against actual seconds, for {@code best.json}: {@code tune} reads the {@code estimate.json} that the
 * {@code estimate} goal wrote in the same output directory (in {@code validate}, before {@code tune}) and records
 * it next to the seconds the study actually took, so users see how far to trust the estimate.
 *
 * @param expectedSeconds    the estimate's expected seconds
 * @param actualSeconds      what the study took, to the millisecond
 * @param actualOverExpected their ratio, null for an estimate of 0 seconds
 * @param lowSeconds         the low end of the estimate's range (10th percentile), null for an estimate without one
 * @param highSeconds        the high end of its range (90th percentile), null without one
 * @param insideRange        whether the actual seconds fell inside the range, null without one
 * @param expectedRuns       the estimate's expected trainings
 * @param remainingTrials    trials the estimate expected to run
 * @param finishedBefore     finished trials of the study when this run started
 * @param trialsThisRun      trials this run finished
 * @param estimateGenerated  when the estimate was made
 * @param phases             the run's phases against the estimate's split of its forecast, null when not timed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EstimateComparison(double expectedSeconds, double actualSeconds,
                                 @JsonInclude(JsonInclude.Include.ALWAYS) Double actualOverExpected,
                                 Double lowSeconds, Double highSeconds, Boolean insideRange,
                                 double expectedRuns, int remainingTrials, int finishedBefore, int trialsThisRun,
                                 String estimateGenerated, Phases phases) {

    /**
     * One phase of the run.
     *
     * @param expectedSeconds the estimate's mean seconds for it (estimate.json's {@code phases}), null when the
     *                        estimate did not split its forecast
     * @param actualSeconds   what it took
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Phase(Double expectedSeconds, double actualSeconds) {
    }

    /** The phases {@link PhaseSeconds} times; {@code other} is the rest of the run (reading the data, reports). */
    public record Phases(Phase trials, Phase finalChoice, Phase heldOutRefits, Phase other) {
    }

    /** The {@code estimate} section for the run of {@code outcome} (see the method below). */
    public static Optional<EstimateComparison> of(Path estimateJson, String study, double actualSeconds,
                                                  TuningOutcome outcome) {
        return of(estimateJson, study, actualSeconds, outcome.trials().finishedBefore(), outcome.trials().ranHere(),
                outcome.phases());
    }

    /**
     * The {@code estimate} section of best.json, or empty when there is no (readable) estimate.json, or it was made
     * for another study, or for another run of it: an estimate plans the trials remaining when it ran, so it is
     * compared with a run only when that run started from the same finished trials (a stale estimate of an earlier
     * run of a resumed study would be set against work it never planned).
     *
     * @param finishedBefore finished trials of the study when this run started
     * @param ranHere        trials this run finished
     * @param phases         the run's phases, or null when not timed
     */
    public static Optional<EstimateComparison> of(Path estimateJson, String study, double actualSeconds,
                                                  int finishedBefore, int ranHere, PhaseSeconds phases) {
        Optional<JsonNode> read = ofThisRun(estimateJson, study, finishedBefore);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        JsonNode e = read.get();
        double expected = e.get("expectedSeconds").asDouble();
        Double low = null;
        Double high = null;
        Boolean inside = null;
        if (e.path("range").has("lowSeconds")) {
            low = e.path("range").path("lowSeconds").asDouble();
            high = e.path("range").path("highSeconds").asDouble();
            inside = actualSeconds >= low && actualSeconds <= high;
        }
        return Optional.of(new EstimateComparison(expected, thousandths(actualSeconds),
                expected > 0 ? thousandths(actualSeconds / expected) : null, low, high, inside,
                e.path("expectedRuns").asDouble(), e.path("remainingTrials").asInt(), finishedBefore, ranHere,
                e.path("generated").asText(), phases == null ? null : phases(e.path("phases"), actualSeconds, phases)));
    }

    private static Phases phases(JsonNode expected, double actualSeconds, PhaseSeconds actual) {
        double other = Math.max(0, actualSeconds - actual.trials() - actual.finalChoice() - actual.heldOutRefits());
        return new Phases(phase(expected, "trialsSeconds", actual.trials()),
                phase(expected, "finalChoiceSeconds", actual.finalChoice()),
                phase(expected, "heldOutRefitsSeconds", actual.heldOutRefits()),
                phase(expected, "otherSeconds", other));
    }

    private static Phase phase(JsonNode expected, String field, double actualSeconds) {
        return new Phase(expected.has(field) ? expected.get(field).asDouble() : null, thousandths(actualSeconds));
    }

    private static double thousandths(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /**
     * The estimate.json made for this run of {@code study} (any study when null): empty when the file is missing or
     * unreadable, or planned another study, or another run of it (from other finished trials).
     */
    static Optional<JsonNode> ofThisRun(Path estimateJson, String study, int finishedBefore) {
        if (!Files.isRegularFile(estimateJson)) {
            return Optional.empty();
        }
        JsonNode e;
        try {
            e = new ObjectMapper().readTree(estimateJson.toFile());
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        if (e == null || !e.has("expectedSeconds") || (study != null && !study.equals(e.path("study").asText()))) {
            return Optional.empty();
        }
        if (e.has("finishedTrials") && e.get("finishedTrials").asInt() != finishedBefore) {
            return Optional.empty();
        }
        return Optional.of(e);
    }
}
