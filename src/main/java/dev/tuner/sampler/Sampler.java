package dev.tuner.sampler;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Proposes the parameters of the next trial.
 *
 * <p>Samplers keep no state between calls: everything they know comes from the {@link SamplingContext}
 * (the trials in storage, the trial's number, the seed). That is what makes a study resumable after a crash and
 * shareable between processes: storage is the only shared state, as in Optuna's design.
 */
public interface Sampler {

    /** Parameters for trial {@code context.trialNumber()}, one value per name of the search space. */
    Map<String, Object> sample(SamplingContext context);

    /**
     * How many distinct trials this sampler can propose for {@code space}, when finite (grid search); the engine
     * caps the study's target there instead of repeating points.
     */
    default OptionalLong capacity(dev.tuner.space.SearchSpace space) {
        return OptionalLong.empty();
    }

    /** Short name used in logs, reports and the study description. */
    String name();

    /**
     * Whether this sampler models a single loss and so proposes as {@code motpe} does in a study with several
     * objectives (the log says so).
     */
    default boolean handsSeveralObjectivesToMotpe() {
        return false;
    }
}
