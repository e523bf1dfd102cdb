package dev.tuner.gate;

import dev.tuner.tribuo.HeldOutPredictions;

import java.util.Map;

/**
 * What the candidate is compared with.
 *
 * @param source      where it came from: the file, or {@code groupId:artifactId:version} and the bundle file
 * @param kind        {@code file} or {@code bundle}
 * @param metrics     the baseline's metrics on the held-out rows
 * @param predictions the baseline's per-row predictions on exactly the candidate's held-out rows, or null when
 *                    they are not available (then the comparison is on aggregate metrics only, without interval)
 * @param note        why the comparison is not paired, or a caveat; null when there is nothing to say
 */
public record Baseline(String source, String kind, Map<String, Double> metrics, HeldOutPredictions predictions,
                       String note) {

    public boolean paired() {
        return predictions != null;
    }
}
