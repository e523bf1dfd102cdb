package dev.tuner.bundle;

import dev.tuner.files.Sha256;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * Staged rollout of a new model version: a share of the traffic goes to the candidate bundle, the rest to the
 * stable one, decided by a key the application chooses (a user, a session, a document).
 *
 * <p>Routing is sticky and monotone: a key's position is the first 53 bits of the SHA-256 of its UTF-8 bytes, read
 * as a fraction in [0, 1), and the key goes to the candidate when its position is below the share. The same key
 * therefore always gets the same version for a given share (in every process and on every machine), raising the
 * share only moves keys from stable to candidate, a share of 0 is a rollback and a share of 1 a promotion.
 *
 * <p>A candidate that cannot be loaded never takes traffic: {@link #candidate()} is empty, {@link
 * #candidateFailure()} says why (it is also logged once), and every key goes to the stable bundle whatever the
 * share. Thread-safe: the share may be changed while other threads route.
 */
public final class BundleRouter {
    private static final System.Logger LOG = System.getLogger(BundleRouter.class.getName());
    /** 2^-53: turns 53 bits of the key's hash into a fraction in [0, 1). */
    private static final double UNIT = 0x1.0p-53;

    private final ModelBundle stable;
    private final ModelBundle candidate;
    private final String candidateFailure;
    private final LongAdder servedStable = new LongAdder();
    private final LongAdder servedCandidate = new LongAdder();
    private volatile double share;

    private BundleRouter(ModelBundle stable, ModelBundle candidate, String candidateFailure) {
        this.stable = stable;
        this.candidate = candidate;
        this.candidateFailure = candidateFailure;
    }

    /**
     * Loads both bundles. The candidate starts with a share of 0: nothing changes for users until the application
     * raises it.
     *
     * @throws BundleException when the stable bundle cannot be loaded (there is nothing safe to route to)
     */
    public static BundleRouter of(BundleLoader stable, BundleLoader candidate) {
        Objects.requireNonNull(stable, "stable");
        Objects.requireNonNull(candidate, "candidate");
        ModelBundle stableBundle = stable.load();
        String reason;
        try {
            ModelBundle candidateBundle = candidate.load();
            reason = mismatch(stableBundle, candidateBundle);
            if (reason == null) {
                return new BundleRouter(stableBundle, candidateBundle, null);
            }
        } catch (RuntimeException e) {
            reason = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        LOG.log(System.Logger.Level.WARNING, "Candidate bundle not used, all traffic stays on stable: " + reason);
        return new BundleRouter(stableBundle, null, reason);
    }

    /**
     * Why the candidate cannot serve the rows the application sends the stable bundle, or null: a model of the
     * other task (the application reads {@code label()} of one and {@code value()} of the other), or feature columns
     * of which it shares none (every row would be all missing for it). Such a candidate loads, but routing traffic
     * to it would only spread wrong answers.
     */
    private static String mismatch(ModelBundle stable, ModelBundle candidate) {
        String stableTask = task(stable);
        String candidateTask = task(candidate);
        if (!stableTask.equals(candidateTask)) {
            return candidate.source() + ": a " + candidateTask + " model, while the stable bundle " + stable.source()
                    + " is a " + stableTask + " model; a candidate must answer the same question";
        }
        if (stable.file(BundleLayout.FEATURES).isEmpty() || candidate.file(BundleLayout.FEATURES).isEmpty()) {
            return null;
        }
        Set<String> stableColumns = new TreeSet<>();
        stable.columns().forEach(c -> stableColumns.add(c.name()));
        Set<String> candidateColumns = new TreeSet<>();
        candidate.columns().forEach(c -> candidateColumns.add(c.name()));
        if (Collections.disjoint(stableColumns, candidateColumns)) {
            return candidate.source() + ": none of its feature columns " + candidateColumns + " is one of the stable "
                    + "bundle's " + stableColumns + "; a row for the stable bundle would be all missing for it";
        }
        return null;
    }

    private static String task(ModelBundle bundle) {
        return bundle.model().validate(Label.class) ? "classification"
                : bundle.model().validate(Regressor.class) ? "regression"
                : bundle.model().getClass().getSimpleName();
    }

    /**
     * Sets the share of keys routed to the candidate: 0 routes everything to stable (rollback), 1 everything to
     * the candidate (promotion).
     *
     * @throws IllegalArgumentException for a share outside [0, 1] or not a number
     */
    public BundleRouter candidateShare(double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException("candidate share must be in [0, 1], got " + share);
        }
        this.share = share;
        return this;
    }

    public double candidateShare() {
        return share;
    }

    /** The bundle that serves {@code key} at the current share. */
    public ModelBundle route(String key) {
        if (candidate != null && position(key) < share) {
            servedCandidate.increment();
            return candidate;
        }
        servedStable.increment();
        return stable;
    }

    /** Whether {@code key} goes to the candidate at the current share (without counting it as served). */
    public boolean routesToCandidate(String key) {
        return candidate != null && position(key) < share;
    }

    public ModelBundle stable() {
        return stable;
    }

    /** The candidate, or empty when it failed to load. */
    public Optional<ModelBundle> candidate() {
        return Optional.ofNullable(candidate);
    }

    /** Why the candidate is not used, when it failed to load. */
    public Optional<String> candidateFailure() {
        return Optional.ofNullable(candidateFailure);
    }

    /** How many {@link #route} calls each version has served since this router was made. */
    public Served served() {
        return new Served(servedStable.sum(), servedCandidate.sum());
    }

    /** Counts of routed calls. */
    public record Served(long stable, long candidate) {
        public long total() {
            return stable + candidate;
        }
    }

    /** The key's fixed place in [0, 1): a uniform hash, the same in every JVM. */
    static double position(String key) {
        Objects.requireNonNull(key, "key");
        byte[] digest = Sha256.digest(key.getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        // The top 53 bits, exactly representable: a fraction in [0, 1) that never rounds up to 1.
        return (bits >>> 11) * UNIT;
    }
}
