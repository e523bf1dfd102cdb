package dev.tuner.sampler;

import dev.tuner.space.Distribution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Independent uniform draws in each distribution's internal space: log-uniform for log ranges, the same probability
 * for every integer of an int range and for every choice.
 *
 * <p>The baseline every other sampler must beat, and TPE's start-up phase.
 */
public final class RandomSampler implements Sampler {

    @Override
    public Map<String, Object> sample(SamplingContext context) {
        SplittableRandom random = context.random();
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, Distribution> entry : context.space().distributions().entrySet()) {
            params.put(entry.getKey(), drawUniform(entry.getValue(), random));
        }
        return params;
    }

    /** One uniform draw; TPE calls it too, so its start-up trials are exactly those of random search. */
    static Object drawUniform(Distribution distribution, SplittableRandom random) {
        return UnitCubeMapping.valueAt(distribution, random.nextDouble());
    }

    @Override
    public String name() {
        return "random";
    }
}
