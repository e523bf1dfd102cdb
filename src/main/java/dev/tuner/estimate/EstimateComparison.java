package dev.tuner.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Estimated against actual seconds, for {@code best.json}: {@code tune} reads the {@code estimate.json} that the
 * {@code estimate} goal wrote in the same output directory (in {@code validate}, before {@code tune}) and records
 * it next to the seconds the study actually took, so users see how far to trust the estimate.
 */
public final class EstimateComparison {

    private EstimateComparison() {
    }

    /**
     * The {@code estimate} section of best.json, or empty when there is no (readable) estimate.json, or it was made
     * for another study, or for another run of it: an estimate plans the trials remaining when it ran, so it is
     * compared with a run only when that run started from the same finished trials (a stale estimate of an earlier
     * run of a resumed study would be set against work it never planned).
     *
     * @param finishedBefore finished trials of the study when this run started
     * @param ranHere        trials this run finished
     */
    public static Optional<Map<String, Object>> of(Path estimateJson, String study, double actualSeconds,
                                                   int finishedBefore, int ranHere) {
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
        if (e.has("finishedTrials") && e.get("finishedTrials").asInt() != finishedBefore) {
            return Optional.empty();
        }
        double expected = e.get("expectedSeconds").asDouble();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("expectedSeconds", expected);
        out.put("actualSeconds", Math.round(actualSeconds * 1000) / 1000.0);
        out.put("actualOverExpected", expected > 0 ? Math.round(actualSeconds / expected * 1000) / 1000.0 : null);
        if (e.path("range").has("lowSeconds")) {
            double low = e.path("range").path("lowSeconds").asDouble();
            double high = e.path("range").path("highSeconds").asDouble();
            out.put("lowSeconds", low);
            out.put("highSeconds", high);
            out.put("insideRange", actualSeconds >= low && actualSeconds <= high);
        }
        out.put("expectedRuns", e.path("expectedRuns").asDouble());
        out.put("remainingTrials", e.path("remainingTrials").asInt());
        out.put("finishedBefore", finishedBefore);
        out.put("trialsThisRun", ranHere);
        out.put("estimateGenerated", e.path("generated").asText());
        return Optional.of(out);
    }
}
