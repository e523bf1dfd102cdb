package dev.tuner.sampler;

import java.util.Map;

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

    /** Short name used in logs, reports and the study description. */
    String name();
}
