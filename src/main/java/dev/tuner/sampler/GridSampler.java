package dev.tuner.sampler;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.space.FloatDistribution;
import dev.tuner.space.IntDistribution;
import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Trial;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Exhaustive search over a grid: every choice, every value of an int range, and {@code pointsPerAxis} evenly spaced
 * values (log-spaced for log ranges, both ends included) of float ranges and of int ranges with more values than
 * that.
 *
 * <p>Points are visited in a shuffled order derived from the seed, so a study stopped early has still seen a spread
 * of the grid rather than one corner. The sampler keeps no cursor: each call walks that order and takes the first
 * point no existing trial (in any state, enqueued ones included) has used, which is what lets a study resume, or
 * several processes share it, without repeating points. The grid is finite, and {@link #capacity} tells the engine
 * its size so the study's target is capped there.
 */
public final class GridSampler implements Sampler {
    public static final int DEFAULT_POINTS_PER_AXIS = 5;

    private final int pointsPerAxis;

    public GridSampler() {
        this(DEFAULT_POINTS_PER_AXIS);
    }

    /** @param pointsPerAxis values taken from each float range and each int range with more values than this */
    public GridSampler(int pointsPerAxis) {
        if (pointsPerAxis < 2) {
            throw new IllegalArgumentException("a grid needs at least 2 points per axis (both ends), got " + pointsPerAxis);
        }
        this.pointsPerAxis = pointsPerAxis;
    }

    @Override
    public Map<String, Object> sample(SamplingContext context) {
        Grid grid = new Grid(context.space());
        Set<Long> used = new HashSet<>();
        for (Trial trial : context.trials()) {
            grid.indexOf(trial.params()).ifPresent(used::add);
        }
        SeededPermutation order = new SeededPermutation(grid.size, context.seed());
        for (long position = 0; position < grid.size; position++) {
            long index = order.apply(position);
            if (!used.contains(index)) {
                return grid.point(index);
            }
        }
        throw new IllegalStateException("grid exhausted: every one of its " + grid.size
                + " points is used by an existing trial");
    }

    @Override
    public OptionalLong capacity(SearchSpace space) {
        return OptionalLong.of(new Grid(space).size);
    }

    @Override
    public String name() {
        return "grid";
    }

    /** The values a distribution contributes to the grid, in rising order. */
    List<Object> axis(Distribution distribution) {
        if (distribution instanceof CategoricalDistribution categorical) {
            return new ArrayList<>(categorical.choices());
        }
        if (distribution instanceof IntDistribution ints && ints.size() <= pointsPerAxis) {
            List<Object> values = new ArrayList<>();
            for (long v = ints.low(); v <= ints.high(); v += ints.step()) {
                values.add(v);
            }
            return values;
        }
        // Evenly spaced in the internal (possibly log) space between the two ends, not the widened int range:
        // the ends themselves belong on the grid. fromInternal clamps and, for ints, rounds onto the step; rounding
        // can merge neighbours of a narrow log range, hence the set.
        double low = endInternal(distribution, true);
        double high = endInternal(distribution, false);
        Set<Object> values = new LinkedHashSet<>();
        for (int i = 0; i < pointsPerAxis; i++) {
            double internal = i == pointsPerAxis - 1 ? high : low + i * (high - low) / (pointsPerAxis - 1);
            values.add(distribution.fromInternal(internal));
        }
        return new ArrayList<>(values);
    }

    private static double endInternal(Distribution distribution, boolean low) {
        if (distribution instanceof FloatDistribution floats) {
            return floats.toInternal(low ? floats.low() : floats.high());
        }
        IntDistribution ints = (IntDistribution) distribution;
        return ints.toInternal(low ? ints.low() : ints.high());
    }

    /** The grid of one search space: its axes, and the mixed-radix numbering of its points. */
    private final class Grid {
        private final List<String> names = new ArrayList<>();
        private final List<Distribution> distributions = new ArrayList<>();
        private final List<List<Object>> axes = new ArrayList<>();
        private final long size;

        Grid(SearchSpace space) {
            long product = 1;
            for (Map.Entry<String, Distribution> entry : space.distributions().entrySet()) {
                List<Object> axis = axis(entry.getValue());
                names.add(entry.getKey());
                distributions.add(entry.getValue());
                axes.add(axis);
                if (product > SeededPermutation.MAX_SIZE / axis.size()) {
                    throw new InvalidSettingException("sampler", "grid", "the grid of " + space + " has more than"
                            + " 2^62 points; use fewer points per axis or another sampler");
                }
                product *= axis.size();
            }
            this.size = product;
        }

        Map<String, Object> point(long index) {
            int[] positions = new int[names.size()];
            long rest = index;
            for (int i = names.size() - 1; i >= 0; i--) {
                positions[i] = (int) (rest % axes.get(i).size());
                rest /= axes.get(i).size();
            }
            Map<String, Object> params = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                params.put(names.get(i), axes.get(i).get(positions[i]));
            }
            return params;
        }

        /** The grid index of a trial's parameters, or empty when they are not a point of this grid. */
        OptionalLong indexOf(Map<String, Object> params) {
            long index = 0;
            for (int i = 0; i < names.size(); i++) {
                int position = positionOnAxis(distributions.get(i), axes.get(i), params.get(names.get(i)));
                if (position < 0) {
                    return OptionalLong.empty();
                }
                index = index * axes.get(i).size() + position;
            }
            return OptionalLong.of(index);
        }
    }

    /**
     * Where {@code value} lies on {@code axis}, or -1. Floats match within a relative tolerance of the internal
     * range, because a value that went through storage (text, JSON) may differ from the grid's in the last bits.
     */
    private static int positionOnAxis(Distribution distribution, List<Object> axis, Object value) {
        if (value == null || !distribution.contains(value)) {
            return -1;
        }
        if (distribution instanceof CategoricalDistribution) {
            return axis.indexOf(String.valueOf(value));
        }
        if (distribution instanceof IntDistribution) {
            return axis.indexOf(((Number) value).longValue());
        }
        double tolerance = 1e-9 * (distribution.internalHigh() - distribution.internalLow());
        double internal = distribution.toInternal(value);
        for (int i = 0; i < axis.size(); i++) {
            if (Math.abs(distribution.toInternal(axis.get(i)) - internal) <= tolerance) {
                return i;
            }
        }
        return -1;
    }
}
