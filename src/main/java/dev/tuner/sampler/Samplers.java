package dev.tuner.sampler;

import dev.tuner.config.InvalidSettingException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The built-in samplers by the name users write in {@code <sampler>}.
 *
 * <p>Samplers take no seed: every sampler derives its randomness from the {@link SamplingContext} (the study's
 * seed and the trial number), which is what keeps them stateless. Adding a sampler is one line in
 * {@link #BUILT_IN}.
 */
public final class Samplers {
    private static final Map<String, Supplier<Sampler>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("random", RandomSampler::new);
        BUILT_IN.put("grid", GridSampler::new);
        BUILT_IN.put("sobol", SobolSampler::new);
        BUILT_IN.put("tpe", TpeSampler::new);
        BUILT_IN.put("tpe-multivariate", TpeSampler::multivariate);
        BUILT_IN.put("nsga2", Nsga2Sampler::new);
        BUILT_IN.put("motpe", MotpeSampler::new);
        BUILT_IN.put("sweep", SweepSampler::new);
        BUILT_IN.put("gp", GpSampler::new);
        BUILT_IN.put("cmaes", CmaEsSampler::new);
        BUILT_IN.put("auto", AutoSampler::new);
    }

    private Samplers() {
    }

    /** The names users may write in {@code <sampler>}, in documentation order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(BUILT_IN.keySet());
    }

    /** The sampler of a study that names none (and of {@code -Dtuner.sampler=} left empty). */
    public static final String DEFAULT = "auto";

    /**
     * A new sampler of the given name (case-insensitive, surrounding blanks ignored), with its default settings;
     * {@value #DEFAULT} when the name is null or blank.
     */
    public static Sampler create(String name) {
        String key = name == null || name.isBlank() ? DEFAULT : name.strip().toLowerCase(Locale.ROOT);
        Supplier<Sampler> factory = BUILT_IN.get(key);
        if (factory == null) {
            throw new InvalidSettingException("sampler", name, "unknown sampler; expected one of "
                    + String.join(", ", BUILT_IN.keySet()));
        }
        return factory.get();
    }

    /**
     * {@link #create}, for a study whose objective is an estimate (a trainer's cross-validated metric:
     * {@code estimatedObjective}) or exact (a project's objective): {@code auto} is then
     * {@link AutoSampler#forEstimatedObjective}. The tune goal and the estimate take their sampler from here, so
     * the estimate times the proposals the study makes.
     */
    public static Sampler create(String name, boolean estimatedObjective) {
        Sampler sampler = create(name);
        return estimatedObjective && sampler instanceof AutoSampler ? AutoSampler.forEstimatedObjective() : sampler;
    }
}
