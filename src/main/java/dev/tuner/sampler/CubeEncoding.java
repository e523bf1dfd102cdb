package dev.tuner.sampler;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.space.IntDistribution;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search space as the model-based samplers ({@link GpSampler}, {@link CmaEsSampler}) see it: one coordinate
 * per parameter, a number in [0, 1] for floats and ints (the position in the distribution's internal range, so
 * log-scaled where the distribution is, as {@link UnitCubeMapping} maps it back) and the index of the choice for
 * categorical parameters.
 */
final class CubeEncoding {
    private final List<String> names;
    private final Distribution[] distributions;

    CubeEncoding(Map<String, Distribution> distributions) {
        this.names = List.copyOf(distributions.keySet());
        this.distributions = distributions.values().toArray(Distribution[]::new);
    }

    int dimension() {
        return names.size();
    }

    List<String> names() {
        return names;
    }

    Distribution distribution(int axis) {
        return distributions[axis];
    }

    boolean isCategorical(int axis) {
        return distributions[axis] instanceof CategoricalDistribution;
    }

    boolean isInteger(int axis) {
        return distributions[axis] instanceof IntDistribution;
    }

    /** Number of choices of a categorical axis. */
    int choices(int axis) {
        return ((CategoricalDistribution) distributions[axis]).choices().size();
    }

    /** The coordinates of {@code params}, or null when a parameter is missing or outside its distribution. */
    double[] encode(Map<String, Object> params) {
        double[] x = new double[names.size()];
        for (int axis = 0; axis < x.length; axis++) {
            Object value = params.get(names.get(axis));
            if (value == null || !distributions[axis].contains(value)) {
                return null;
            }
            x[axis] = isCategorical(axis) ? ((CategoricalDistribution) distributions[axis]).indexOf(value)
                    : unit(axis, distributions[axis].toInternal(value));
        }
        return x;
    }

    /** The position of an internal value in the axis' internal range, clamped into [0, 1]. */
    double unit(int axis, double internal) {
        double low = distributions[axis].internalLow();
        double high = distributions[axis].internalHigh();
        return high > low ? Math.max(0, Math.min(1, (internal - low) / (high - low))) : 0.5;
    }

    /** The stored value at coordinate {@code x} of an axis. */
    Object value(int axis, double x) {
        if (isCategorical(axis)) {
            return distributions[axis].fromInternal(x);
        }
        return UnitCubeMapping.valueAt(distributions[axis], Math.max(0, Math.min(1, x)));
    }

    /** The coordinate of the value {@code x} stands for: ints move to their integer, choices to their index. */
    double snap(int axis, double x) {
        if (isCategorical(axis)) {
            return Math.max(0, Math.min(choices(axis) - 1, Math.round(x)));
        }
        if (!isInteger(axis)) {
            return Math.max(0, Math.min(1, x));
        }
        return unit(axis, distributions[axis].toInternal(value(axis, x)));
    }

    /** The parameters at point {@code x}. */
    Map<String, Object> decode(double[] x) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int axis = 0; axis < x.length; axis++) {
            params.put(names.get(axis), value(axis, x[axis]));
        }
        return params;
    }

    /** The complete trials that have every parameter of this encoding, and their losses (lower is better). */
    record Observations(List<Trial> trials, double[][] points, double[] losses) {
        int size() {
            return losses.length;
        }
    }

    /**
     * The complete trials usable by a model, with the loss of their first objective. A loss that is not finite
     * becomes the worst finite one; with constraints, a trial that breaks one gets the worst loss of all plus its
     * violation, so it ranks after every feasible trial and infeasible ones rank by violation (as {@link TpeSampler}
     * ranks them).
     */
    Observations observe(SamplingContext context) {
        return observe(context, false);
    }

    /**
     * As {@link #observe(SamplingContext)}; with {@code unfinishedAsWorst}, failed and pruned trials that have every
     * parameter join too, at the worst loss: a model that never sees them proposes the same region again and again
     * (a study of 50 trials whose objective fails on a fifth of the box failed 40 times; one pruned 46 of 60).
     */
    Observations observe(SamplingContext context, boolean unfinishedAsWorst) {
        var direction = context.directions().get(0);
        List<Trial> used = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        List<Trial> unfinished = new ArrayList<>();
        List<double[]> unfinishedPoints = new ArrayList<>();
        for (Trial trial : context.trials()) {
            boolean complete = trial.state() == TrialState.COMPLETE && !trial.values().isEmpty();
            boolean stopped = unfinishedAsWorst
                    && (trial.state() == TrialState.FAILED || trial.state() == TrialState.PRUNED);
            if (complete || stopped) {
                double[] x = trial.params() == null ? null : encode(trial.params());
                if (x != null) {
                    (complete ? used : unfinished).add(trial);
                    (complete ? points : unfinishedPoints).add(x);
                }
            }
        }
        double[] losses = new double[used.size() + unfinished.size()];
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < used.size(); i++) {
            losses[i] = direction.toLoss(used.get(i).value());
            if (Double.isFinite(losses[i])) {
                worst = Math.max(worst, losses[i]);
            }
        }
        if (worst == Double.NEGATIVE_INFINITY) {
            worst = 0;
        }
        for (int i = 0; i < used.size(); i++) {
            if (!Double.isFinite(losses[i])) {
                losses[i] = worst;
            }
        }
        if (!context.constraints().isEmpty()) {
            for (int i = 0; i < used.size(); i++) {
                double violation = context.violation(used.get(i));
                if (violation > 0) {
                    losses[i] = worst + violation;
                }
            }
        }
        for (int i = used.size(); i < losses.length; i++) {
            losses[i] = worst;
        }
        used.addAll(unfinished);
        points.addAll(unfinishedPoints);
        return new Observations(used, points.toArray(double[][]::new), losses);
    }

    /** Pending trials (running, or waiting with parameters) that have every parameter: proposals not yet scored. */
    List<double[]> pending(SamplingContext context) {
        List<double[]> out = new ArrayList<>();
        for (Trial trial : context.trials()) {
            if ((trial.state() == TrialState.RUNNING || trial.state() == TrialState.WAITING)
                    && trial.number() != context.trialNumber()) {
                double[] x = encode(trial.params());
                if (x != null) {
                    out.add(x);
                }
            }
        }
        return out;
    }
}
