package dev.tuner.sampler;

import dev.tuner.space.Distribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Bayesian optimisation with a Gaussian process, after Optuna 4's {@code GPSampler}.
 *
 * <ul>
 *   <li>Start-up: until {@code max(10, d + 1)} trials are complete (d parameters), trials are
 *   {@link SobolSampler}'s points, which cover the space evenly; trial 0 is the space's {@link #centre}.</li>
 *   <li>Model: {@link GaussianProcess} on the complete trials, every parameter in [0, 1] ({@link CubeEncoding}:
 *   log-scaled where the distribution is) or, for a choice, its index under a Hamming-distance kernel; the losses
 *   (first objective, so maximised objectives are negated) clipped at the upper Tukey fence ({@link #winsorized})
 *   and standardised; the noise variance is fitted with the other hyperparameters, so a noisy cross-validated
 *   metric is smoothed rather than interpolated.</li>
 *   <li>Acquisition: log expected improvement over the highest posterior mean at an observed point
 *   ({@link #incumbent}). It is scored on
 *   {@value #RANDOM_CANDIDATES} uniform points and {@value #LOCAL_CANDIDATES} perturbations of the best trials,
 *   with ints rounded to their values and choices drawn; the best trial is refined by {@link BoundedLbfgs} over the
 *   numerical axes (ints relaxed to the continuum) within {@value #LOCAL_RADIUS} of it on each axis (see there why
 *   not further), then rounded, and each int tries its neighbours and each choice axis every choice. The best point
 *   found that is not already a scored or pending trial is proposed.</li>
 *   <li>Parallel workers: running trials (and waiting ones with parameters) join the model as if observed at the
 *   mean observed value (a constant liar), after the hyperparameters are fitted on the real observations: the
 *   model is then sure there is nothing to gain at a pending point, so it is not proposed again.</li>
 *   <li>Constraints: a trial that breaks one counts as worse than every feasible trial
 *   ({@link CubeEncoding#observe}). Failed and pruned trials count at the worst complete trial's loss, so the model
 *   learns to leave their region.</li>
 *   <li>Conditional spaces: the model covers the parameters every complete trial has (those outside any
 *   condition, as Optuna's intersection search space); the others are drawn uniformly.</li>
 * </ul>
 *
 * <p>One objective: a study with several objectives gets {@link MotpeSampler}'s proposals instead (the model
 * here ranks by one loss), so it still searches all of them, as a study under {@code motpe} would.
 *
 * <p>Cost per proposal: one hyperparameter fit of O(n³) per step (at most 50 steps) and O(n²) per acquisition
 * evaluation, for n complete trials.
 */
public final class GpSampler implements Sampler {
    /** What a study with several objectives gets instead (see the class comment). */
    private final Sampler severalObjectives = new MotpeSampler();
    static final int MIN_STARTUP_TRIALS = 10;
    /** How many further Sobol points a start-up trial tries past ones the study already has. */
    private static final int STARTUP_SKIPS = 64;
    static final int RANDOM_CANDIDATES = 1000;
    static final int LOCAL_CANDIDATES = 100;
    /**
     * How far (in the unit cube, per axis) the quasi-Newton refinement may move from the best trial. Log expected
     * improvement is highest where the model knows least, at the faces and corners of the cube; a refinement over the
     * whole cube, or one started at a high-scoring random candidate, walks there (a third of the proposed coordinates
     * lay on a bound in 10 dimensions, against 2% for TPE: boundary over-exploration, Siivola et al. 2018).
     * Bounded to a neighbourhood of the best trial it refines that basin instead; the rest of the space is searched by
     * scoring the candidates as they are.
     */
    static final double LOCAL_RADIUS = 0.05;
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    @Override
    public Map<String, Object> sample(SamplingContext context) {
        if (context.directions().size() > 1) {
            return severalObjectives.sample(context);
        }
        Map<String, Distribution> all = context.space().distributions();
        CubeEncoding model = new CubeEncoding(modelled(context));
        CubeEncoding.Observations observed = model.observe(context, true);
        int startup = Math.max(MIN_STARTUP_TRIALS, all.size() + 1);
        if (model.dimension() == 0 || observed.size() < startup) {
            return startUp(context, all);
        }
        double[] point = propose(model, observed, model.pending(context), context.random());
        Map<String, Object> proposal = model.decode(point);
        SplittableRandom random = context.random().split();
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, Distribution> entry : all.entrySet()) {
            Object value = proposal.get(entry.getKey());
            params.put(entry.getKey(), value != null ? value : RandomSampler.drawUniform(entry.getValue(), random));
        }
        return params;
    }

    /**
     * A start-up trial: the {@link #centre} for trial 0, else trial n's point of the Sobol sequence or, when a trial
     * of the study already has it (a small integer space holds few distinct points), the next point that none has.
     */
    private static Map<String, Object> startUp(SamplingContext context, Map<String, Distribution> all) {
        if (context.trialNumber() == 0) {
            return centre(all);
        }
        Map<String, Object> params = new SobolSampler().sample(context);
        CubeEncoding encoding = new CubeEncoding(all);
        List<double[]> tried = context.trials().stream().map(trial -> trial.params() == null ? null
                : encoding.encode(trial.params())).filter(Objects::nonNull).toList();
        boolean[] categorical = categoricalAxes(encoding);
        int index = context.trialNumber() + 1;
        double[] point = encoding.encode(params);
        while (point != null && isSeen(point, tried, categorical)
                && index < context.trialNumber() + 1 + STARTUP_SKIPS) {
            index++;
            params = SobolSampler.point(all, context.seed(), index);
            point = encoding.encode(params);
        }
        return params;
    }

    private static boolean[] categoricalAxes(CubeEncoding encoding) {
        boolean[] categorical = new boolean[encoding.dimension()];
        for (int j = 0; j < categorical.length; j++) {
            categorical[j] = encoding.isCategorical(j);
        }
        return categorical;
    }

    /**
     * The first trial of the start-up: the centre of the space (the middle of every range, the geometric middle of a
     * log-scaled one, the middle choice), where CMA-ES starts its search too. Users draw ranges around values they
     * expect to work, so the centre is a better first guess than a random point; where the minimum is far from it
     * (schwefel-4d, near a corner), it is one start-up trial of ten. A built-in trainer's study spends trial 0 on the
     * trainer's defaults instead, so this applies to studies without them.
     */
    static Map<String, Object> centre(Map<String, Distribution> distributions) {
        Map<String, Object> params = new LinkedHashMap<>();
        distributions.forEach((name, distribution) -> params.put(name, UnitCubeMapping.valueAt(distribution, 0.5)));
        return params;
    }

    /** The parameters of the space present in every complete trial (all of them outside a conditional space). */
    private static Map<String, Distribution> modelled(SamplingContext context) {
        if (context.space().switchParameter() == null) {
            return context.space().distributions();
        }
        Map<String, Distribution> out = new LinkedHashMap<>();
        context.space().distributions().forEach((name, distribution) -> {
            if (context.space().ownerOf(name) == null) {
                out.put(name, distribution);
            }
        });
        return out;
    }

    static double[] propose(CubeEncoding encoding, CubeEncoding.Observations observed, List<double[]> pending,
                            SplittableRandom random) {
        int d = encoding.dimension();
        boolean[] categorical = categoricalAxes(encoding);
        double[] losses = winsorized(observed.losses());
        double mean = Arrays.stream(losses).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(losses).map(v -> (v - mean) * (v - mean)).sum() / losses.length);
        double scale = sd > 1e-12 ? sd : 1;
        double[] y = new double[losses.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = -(losses[i] - mean) / scale;
        }
        GaussianProcess.Hyperparameters hyper = GaussianProcess.fit(observed.points(), y, categorical);
        double best = incumbent(new GaussianProcess(observed.points(), y, categorical, hyper), observed.points());
        double[][] x = observed.points();
        if (!pending.isEmpty()) {
            x = Stream.concat(Arrays.stream(x), pending.stream()).toArray(double[][]::new);
            y = Arrays.copyOf(y, x.length);
        }
        GaussianProcess gp = new GaussianProcess(x, y, categorical, hyper);
        Acquisition acquisition = new Acquisition(gp, best, categorical);
        List<double[]> seen = new ArrayList<>(Arrays.asList(x));

        List<double[]> candidates = new ArrayList<>(RANDOM_CANDIDATES + LOCAL_CANDIDATES);
        for (int c = 0; c < RANDOM_CANDIDATES; c++) {
            double[] q = new double[d];
            for (int j = 0; j < d; j++) {
                q[j] = categorical[j] ? random.nextInt(encoding.choices(j)) : encoding.snap(j, random.nextDouble());
            }
            candidates.add(q);
        }
        Integer[] order = new Integer[losses.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> losses[i]));
        int elite = Math.min(5, order.length);
        for (int c = 0; c < LOCAL_CANDIDATES; c++) {
            double[] q = observed.points()[order[c % elite]].clone();
            for (int j = 0; j < d; j++) {
                if (categorical[j]) {
                    if (random.nextDouble() < 1.0 / d) {
                        q[j] = random.nextInt(encoding.choices(j));
                    }
                } else {
                    q[j] = encoding.snap(j, q[j] + 0.05 * random.nextGaussian());
                }
            }
            candidates.add(q);
        }
        double[] scores = new double[candidates.size()];
        for (int c = 0; c < scores.length; c++) {
            scores[c] = acquisition.value(candidates.get(c));
        }
        Integer[] ranked = new Integer[scores.length];
        for (int i = 0; i < ranked.length; i++) {
            ranked[i] = i;
        }
        Arrays.sort(ranked, Comparator.comparingDouble(i -> -scores[i]));
        double[] bestPoint = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        double[] refined = localSearch(encoding, acquisition, observed.points()[order[0]], categorical);
        if (!isSeen(refined, seen, categorical)) {
            bestScore = acquisition.value(refined);
            bestPoint = refined;
        }
        for (int i = 0; i < ranked.length && (bestPoint == null || scores[ranked[i]] > bestScore); i++) {
            if (!isSeen(candidates.get(ranked[i]), seen, categorical)) {
                bestPoint = candidates.get(ranked[i]);
                bestScore = scores[ranked[i]];
            }
        }
        return bestPoint != null ? bestPoint : candidates.get(ranked[0]);
    }

    /**
     * The losses with the bad tail clipped at the upper Tukey fence, {@code Q3 + 1.5 (Q3 - Q1)}, as Ax's automatic
     * winsorization does before its Gaussian process: a few disastrous trials (a learning rate far too small for
     * the number of trees) otherwise set the standardisation's scale, squeeze the differences that matter near the
     * best trials into a sliver of it and force short length scales, so the model chases the space's corners.
     */
    static double[] winsorized(double[] losses) {
        if (losses.length < 4) {
            return losses;
        }
        double[] sorted = losses.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        // numpy's percentile with method "lower" for Q1 and "higher" for Q3, as Ax takes them
        double q1 = sorted[(int) Math.floor(0.25 * (n - 1))];
        double q3 = sorted[(int) Math.ceil(0.75 * (n - 1))];
        double fence = q3 + 1.5 * (q3 - q1);
        return Arrays.stream(losses).map(v -> Math.min(v, fence)).toArray();
    }

    /**
     * The target log expected improvement is measured against: the highest posterior mean at an observed point
     * (the "plug-in" incumbent of noisy expected improvement) rather than the highest observation, which under
     * noise is the luckiest draw and sets a target no point can be expected to reach.
     */
    static double incumbent(GaussianProcess gp, double[][] observedPoints) {
        double[] prediction = new double[2];
        double best = Double.NEGATIVE_INFINITY;
        for (double[] point : observedPoints) {
            gp.predict(point, prediction, null, null);
            best = Math.max(best, prediction[0]);
        }
        return best;
    }

    /**
     * Whether {@code point} is a trial already scored or pending: the objective of a trial (a cross-validation on
     * the study's folds with the study's seed) gives the same value for the same parameters, so a repeat is a wasted
     * trial. Ints and choices are compared after rounding, floats to within rounding error.
     */
    private static boolean isSeen(double[] point, List<double[]> seen, boolean[] categorical) {
        for (double[] other : seen) {
            boolean same = true;
            for (int j = 0; j < point.length && same; j++) {
                same = categorical[j] ? point[j] == other[j] : Math.abs(point[j] - other[j]) <= 1e-9;
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    /** L-BFGS over the numerical axes (choices held), then rounding and a discrete pass over ints and choices. */
    private static double[] localSearch(CubeEncoding encoding, Acquisition acquisition, double[] start,
                                        boolean[] categorical) {
        int d = start.length;
        int[] numeric = IntStream.range(0, d).filter(j -> !categorical[j]).toArray();
        double[] point = start.clone();
        if (numeric.length > 0) {
            double[] lower = new double[numeric.length];
            double[] upper = new double[numeric.length];
            double[] x0 = new double[numeric.length];
            for (int i = 0; i < numeric.length; i++) {
                x0[i] = start[numeric[i]];
                lower[i] = Math.max(0, x0[i] - LOCAL_RADIUS);
                upper[i] = Math.min(1, x0[i] + LOCAL_RADIUS);
            }
            double[] full = start.clone();
            double[] fullGradient = new double[d];
            BoundedLbfgs.Result result = BoundedLbfgs.minimize((z, gradient) -> {
                for (int i = 0; i < numeric.length; i++) {
                    full[numeric[i]] = z[i];
                }
                double value = acquisition.valueAndGradient(full, fullGradient);
                for (int i = 0; i < numeric.length; i++) {
                    gradient[i] = -fullGradient[numeric[i]];
                }
                return -value;
            }, x0, lower, upper, 50, 1e-4);
            for (int i = 0; i < numeric.length; i++) {
                point[numeric[i]] = encoding.snap(numeric[i], result.x()[i]);
            }
        }
        double score = acquisition.value(point);
        for (int j = 0; j < d; j++) {
            if (categorical[j]) {
                for (int c = 0; c < encoding.choices(j); c++) {
                    score = tryValue(acquisition, point, j, c, score);
                }
            } else if (encoding.isInteger(j)) {
                double here = point[j];
                double below = encoding.snap(j, here - 1e-9 - halfCell(encoding, j, here, -1));
                double above = encoding.snap(j, here + 1e-9 + halfCell(encoding, j, here, 1));
                score = tryValue(acquisition, point, j, below, score);
                score = tryValue(acquisition, point, j, above, score);
            }
        }
        return point;
    }

    /** Distance from an int's coordinate to the edge of its cell on one side, so a step past it reaches the next. */
    private static double halfCell(CubeEncoding encoding, int axis, double here, int side) {
        dev.tuner.space.IntDistribution ints = (dev.tuner.space.IntDistribution) encoding.distribution(axis);
        long value = ((Number) encoding.value(axis, here)).longValue();
        double edge = encoding.unit(axis, ints.toInternal(value + side * 0.5 * ints.step()));
        return Math.abs(edge - here);
    }

    private static double tryValue(Acquisition acquisition, double[] point, int axis, double value, double score) {
        double old = point[axis];
        if (value == old) {
            return score;
        }
        point[axis] = value;
        double candidate = acquisition.value(point);
        if (candidate > score) {
            return candidate;
        }
        point[axis] = old;
        return score;
    }

    /** Log expected improvement of the standardised, maximised target over {@code best}. */
    static final class Acquisition {
        private final GaussianProcess gp;
        private final double best;
        private final double[] prediction = new double[2];
        private final double[] meanGradient;
        private final double[] varianceGradient;

        Acquisition(GaussianProcess gp, double best, boolean[] categorical) {
            this.gp = gp;
            this.best = best;
            this.meanGradient = new double[categorical.length];
            this.varianceGradient = new double[categorical.length];
        }

        double value(double[] q) {
            gp.predict(q, prediction, null, null);
            double sigma = Math.sqrt(prediction[1]);
            return Math.log(sigma) + logH((prediction[0] - best) / sigma)[0];
        }

        double valueAndGradient(double[] q, double[] gradient) {
            gp.predict(q, prediction, meanGradient, varianceGradient);
            double sigma = Math.sqrt(prediction[1]);
            double z = (prediction[0] - best) / sigma;
            double[] h = logH(z);
            for (int j = 0; j < q.length; j++) {
                double dSigma = varianceGradient[j] / (2 * sigma);
                gradient[j] = dSigma / sigma + h[1] * (meanGradient[j] - z * dSigma) / sigma;
            }
            return Math.log(sigma) + h[0];
        }
    }

    /**
     * {@code log(φ(z) + z Φ(z))} and its derivative {@code Φ(z) / (φ(z) + z Φ(z))}, accurate far into the lower
     * tail, where the expected improvement underflows but its logarithm must still rank points: there
     * {@code φ(z) + z Φ(z) = φ(z) (1 - t R(t))} with {@code t = -z} and Mills' ratio R.
     */
    static double[] logH(double z) {
        if (z > -5) {
            double cdf = StandardNormal.cdf(z);
            double pdf = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
            double h = pdf + z * cdf;
            return new double[]{Math.log(h), cdf / h};
        }
        double t = -z;
        double ratio = millsRatio(t);
        double q;
        if (t > 20) {
            double u = 1 / (t * t);
            q = u * (1 - u * (3 - u * (15 - u * 105)));
        } else {
            q = 1 - t * ratio;
        }
        return new double[]{-0.5 * z * z - LOG_SQRT_2PI + Math.log(q), ratio / q};
    }

    /** Mills' ratio {@code (1 - Φ(t)) / φ(t)} for t >= 5, by its continued fraction. */
    static double millsRatio(double t) {
        double tail = t;
        for (int k = 60; k >= 1; k--) {
            tail = t + k / tail;
        }
        return 1 / tail;
    }

    @Override
    public boolean handsSeveralObjectivesToMotpe() {
        return true;
    }

    @Override
    public String name() {
        return "gp";
    }
}
