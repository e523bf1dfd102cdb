package dev.tuner.estimate;

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
 * @param expectedRuns       the estimate's expected trainings
 * @param remainingTrials    trials the estimate expected to run
 * @param estimateGenerated  when the estimate was made
 */
public record EstimateComparison(double expectedSeconds, double actualSeconds, Double actualOverExpected,
                                 double expectedRuns, int remainingTrials, String estimateGenerated) {

    /**
     * The {@code estimate} section of best.json, or empty when there is no (readable) estimate.json or it was made
     * for another study.
     */
    public static Optional<EstimateComparison> of(Path estimateJson, String study, double actualSeconds) {
        if (!Files.isRegularFile(estimateJson)) {
            return Optional.empty();
        }
        JsonNode e;
        try {
            e = new ObjectMapper().readTree(estimateJson.toFile());
        } catch (IOException ex) {
            return Optional.empty();
        }
        if (e == null || !e.has("expectedSeconds") || (study != null && !study.equals(e.path("study").asText()))) {
            return Optional.empty();
        }
        double expected = e.get("expectedSeconds").asDouble();
        return Optional.of(new EstimateComparison(expected, Math.round(actualSeconds * 1000) / 1000.0,
                expected > 0 ? Math.round(actualSeconds / expected * 1000) / 1000.0 : null,
                e.path("expectedRuns").asDouble(), e.path("remainingTrials").asInt(), e.path("generated").asText()));
    }
}
