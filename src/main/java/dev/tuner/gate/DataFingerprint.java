package dev.tuner.gate;

import dev.tuner.tribuo.DataSplits;

import java.util.Map;
import java.util.Objects;

/**
 * What fixes the held-out rows: the data file's bytes, the target, the test fraction and the split seed (see
 * {@link DataSplits}). Two evaluations are paired row by row only when their fingerprints match.
 */
public record DataFingerprint(String file, String sha256, String target, double testFraction, long seed,
                              int heldOutRows) {

    public static DataFingerprint of(DataSplits splits) {
        return new DataFingerprint(splits.data().file().getFileName().toString(), splits.data().sha256(),
                splits.data().targetColumn(), splits.testFraction(), splits.seed(), splits.heldOutRows().length);
    }

    /** From a bundle manifest's {@code provenance.data}, or a baseline file's {@code data}; null when absent. */
    public static DataFingerprint from(Object node) {
        if (!(node instanceof Map<?, ?> m) || m.get("sha256") == null) {
            return null;
        }
        return new DataFingerprint(String.valueOf(m.get("file")), String.valueOf(m.get("sha256")),
                String.valueOf(m.get("target")), number(m.get("testFraction")), (long) number(m.get("seed")),
                (int) number(m.get("heldOutRows")));
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Same rows: same bytes, target, fraction, seed and held-out count. */
    public boolean sameRowsAs(DataFingerprint other) {
        return other != null && Objects.equals(sha256, other.sha256) && Objects.equals(target, other.target)
                && testFraction == other.testFraction && seed == other.seed && heldOutRows == other.heldOutRows;
    }

    /** What differs from {@code other}, for a message. */
    public String differenceFrom(DataFingerprint other) {
        if (other == null) {
            return "no data fingerprint recorded";
        }
        StringBuilder b = new StringBuilder();
        if (!Objects.equals(sha256, other.sha256)) {
            b.append("data ").append(other.file).append(" sha256 ").append(shortHash(other.sha256)).append(" vs ")
                    .append(file).append(' ').append(shortHash(sha256));
        }
        if (!Objects.equals(target, other.target)) {
            append(b, "target " + other.target + " vs " + target);
        }
        if (testFraction != other.testFraction) {
            append(b, "testFraction " + other.testFraction + " vs " + testFraction);
        }
        if (seed != other.seed) {
            append(b, "seed " + other.seed + " vs " + seed);
        }
        if (heldOutRows != other.heldOutRows && b.length() == 0) {
            append(b, "held-out rows " + other.heldOutRows + " vs " + heldOutRows);
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String s) {
        b.append(b.length() > 0 ? ", " : "").append(s);
    }

    private static String shortHash(String h) {
        return h == null ? "?" : h.substring(0, Math.min(12, h.length()));
    }
}
