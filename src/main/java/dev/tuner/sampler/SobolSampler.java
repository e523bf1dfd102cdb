package dev.tuner.sampler;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.space.Distribution;
import org.apache.commons.math3.random.SobolSequenceGenerator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Quasi-random search: trial {@code n} gets point {@code n + 1} of the Sobol sequence (the origin, point 0, is a
 * corner of the space and is skipped), randomised by a Cranley-Patterson rotation, then mapped into each
 * distribution's internal range.
 *
 * <p>Sobol points fill the space far more evenly than independent random draws, so a small budget of trials
 * explores every region. The rotation (a random shift of every coordinate, modulo 1) keeps that evenness while
 * making different seeds give different designs; it depends on the seed only, never on the trial number, because
 * shifting each point by a different amount would destroy the sequence's structure.
 *
 * <p>Dimension {@code i} is the {@code i}-th parameter in the search space's stable (sorted by name) order, so a
 * resumed study continues the same sequence.
 */
public final class SobolSampler implements Sampler {
    /** commons-math3 ships Joe and Kuo's direction numbers for this many dimensions. */
    public static final int MAX_DIMENSION = 1000;

    @Override
    public Map<String, Object> sample(SamplingContext context) {
        Map<String, Distribution> distributions = context.space().distributions();
        if (distributions.isEmpty()) {
            return new LinkedHashMap<>();
        }
        if (distributions.size() > MAX_DIMENSION) {
            throw new InvalidSettingException("sampler", name(), "supports at most " + MAX_DIMENSION
                    + " parameters, the search space has " + distributions.size());
        }
        return point(distributions, context.seed(), context.trialNumber() + 1);
    }

    /** Point {@code index} of the sequence (index 0 is the origin), rotated for {@code seed}, as parameters. */
    static Map<String, Object> point(Map<String, Distribution> distributions, long seed, int index) {
        int dimension = distributions.size();
        Map<String, Object> params = new LinkedHashMap<>();
        double[] point = new SobolSequenceGenerator(dimension).skipTo(index);
        double[] shift = rotation(seed, dimension);
        int axis = 0;
        for (Map.Entry<String, Distribution> entry : distributions.entrySet()) {
            double u = point[axis] + shift[axis];
            if (u >= 1) {
                u -= 1;
            }
            params.put(entry.getKey(), UnitCubeMapping.valueAt(entry.getValue(), u));
            axis++;
        }
        return params;
    }

    /** The Cranley-Patterson shift of each coordinate: a function of the study's seed alone. */
    static double[] rotation(long seed, int dimension) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] shift = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            shift[i] = random.nextDouble();
        }
        return shift;
    }

    @Override
    public String name() {
        return "sobol";
    }
}
