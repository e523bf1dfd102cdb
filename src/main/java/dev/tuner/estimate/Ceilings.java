package dev.tuner.estimate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code maxWallTime} and {@code maxMemory} ceilings: which of them an estimate exceeds, and by how much. The time
 * ceiling is the study's; the memory ceiling is the heap of every JVM the plan needs, so with {@code <fullCorpus>} it
 * also holds the top trials' re-run on the corpus, which keeps the whole corpus in memory.
 *
 * @param maxWallTime     null for no time ceiling
 * @param maxMemoryBytes  null for no memory ceiling
 * @param wallTimeSetting how the messages name the time ceiling as the user gave it ({@code -Dtuner.maxWallTime=PT2M});
 *                        null for the element ({@code <maxWallTime>PT2M</maxWallTime>})
 * @param memorySetting   how they name the memory ceiling ({@code -Dtuner.maxMemory=2g}); null for {@code <maxMemory>}
 */
public record Ceilings(Duration maxWallTime, Long maxMemoryBytes, String wallTimeSetting, String memorySetting) {

    /** A null setting name is the POM element's. */
    public Ceilings {
        if (wallTimeSetting == null) {
            wallTimeSetting = "<maxWallTime>" + maxWallTime + "</maxWallTime>";
        }
        if (memorySetting == null) {
            memorySetting = "<maxMemory>";
        }
    }

    /** Ceilings named as POM elements. */
    public Ceilings(Duration maxWallTime, Long maxMemoryBytes) {
        this(maxWallTime, maxMemoryBytes, null, null);
    }

    /** One line per exceeded ceiling, naming the element, the limit, the estimate and the excess; empty when none. */
    public List<String> violations(Estimate estimate) {
        List<String> out = new ArrayList<>();
        if (maxWallTime != null) {
            double limit = maxWallTime.toMillis() / 1000.0;
            if (estimate.expectedSeconds() > limit) {
                double over = estimate.expectedSeconds() - limit;
                out.add(String.format(Locale.ROOT, "%s exceeded: expected %s (%.1f s), "
                                + "%.1f s (%.0f%%) over", wallTimeSetting, Estimate.duration(estimate.expectedSeconds()),
                        estimate.expectedSeconds(), over, limit > 0 ? 100 * over / limit : Double.POSITIVE_INFINITY));
            }
        }
        if (maxMemoryBytes != null && estimate.peakMemoryBytes() > maxMemoryBytes) {
            long over = estimate.peakMemoryBytes() - maxMemoryBytes;
            out.add(String.format(Locale.ROOT, "%s exceeded: expected peak heap %s, %s (%.0f%%) over the "
                            + "ceiling of %s", memorySetting, MemorySize.format(estimate.peakMemoryBytes()), MemorySize.format(over),
                    100.0 * over / maxMemoryBytes, MemorySize.format(maxMemoryBytes)));
        }
        Estimate.FullCorpus corpus = estimate.fullCorpus();
        if (maxMemoryBytes != null && corpus != null && corpus.peakMemoryBytes() > maxMemoryBytes) {
            long over = corpus.peakMemoryBytes() - maxMemoryBytes;
            out.add(String.format(Locale.ROOT, "%s exceeded by the <fullCorpus> re-run (%d rows): expected "
                            + "peak heap %s, %s (%.0f%%) over the ceiling of %s", memorySetting, corpus.rows(),
                    MemorySize.format(corpus.peakMemoryBytes()), MemorySize.format(over),
                    100.0 * over / maxMemoryBytes, MemorySize.format(maxMemoryBytes)));
        }
        return out;
    }
}
