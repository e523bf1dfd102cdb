package dev.tuner.gate;

import java.util.Locale;
import dev.tuner.tribuo.HeldOutPredictions;

import java.util.Map;

/**
 * What the candidate is compared with.
 *
 * @param source      where it came from: the file, or {@code groupId:artifactId:version} and the bundle file
 * @param kind        a baseline file or a released bundle
 * @param metrics     the baseline's metrics on the held-out rows
 * @param predictions the baseline's per-row predictions on exactly the candidate's held-out rows, or null when
 *                    they are not available (then the comparison is on aggregate metrics only, without interval)
 * @param note        why the comparison is not paired, or a caveat; null when there is nothing to say
 */
public record Baseline(String source, Kind kind, Map<String, Double> metrics, HeldOutPredictions predictions,
                       String note) {

    /** Where a baseline comes from; gate-report.json writes it as {@code file} or {@code bundle}. */
    public enum Kind {
        FILE, BUNDLE;

        /** The name gate-report.json writes. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean paired() {
        return predictions != null;
    }
}
