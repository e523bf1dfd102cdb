package dev.tuner.sampler;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.space.IntDistribution;
import dev.tuner.space.SearchSpace;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * CMA-ES (Hansen's covariance matrix adaptation evolution strategy) in ask-and-tell form, after Optuna's
 * {@code CmaEsSampler}, with IPOP restarts and Hamano et al.'s margin for integers.
 *
 * <p>Stateless: the strategy's state is rebuilt on every proposal by replaying the study. The numerical parameters
 * live in the unit cube ({@link CubeEncoding}: log-scaled where the distribution is); the search starts at the
 * centre with step size 1/6. The complete trials, in number order, are told in consecutive generations of the
 * population size λ (= 4 + ⌊3 ln d⌋ at first): each full generation updates the mean, the evolution paths, the
 * covariance matrix and the step size with the standard weights and learning rates; a proposal is a draw from the
 * state after the last full generation, with the random source of the trial (so with one worker, trial numbers
 * {@code gλ..gλ+λ-1} are generation g, as in Optuna, where the generation is stored with each trial instead). A
 * trial that failed or was pruned is simply not told, so its generation waits for one more proposal. Points are
 * drawn again (up to 100 times) until they fall inside the cube, then clipped.
 *
 * <ul>
 *   <li>Restarts (IPOP): when the strategy has converged (three generations in a row on one plateau, every loss
 *   equal; the losses of the last generation and the best losses of the last {@code 10 + ⌈30 d / λ⌉} generations
 *   span less than 1e-12; or every coordinate's spread is below
 *   1e-10; or the covariance's condition number exceeds 1e14) it starts again from a random point with twice the
 *   population.</li>
 *   <li>Integers: rounded when decoded, with a margin: whenever the marginal spread of an int coordinate is too
 *   small to leave the current integer with probability {@code 1/(d λ)}, that coordinate's spread is widened by a
 *   diagonal factor, so integers keep moving instead of freezing (Optuna's {@code with_margin}).</li>
 *   <li>Choices, and parameters that are conditional on a choice, are not part of the strategy: they are proposed
 *   by {@link TpeSampler} on their own (Optuna's independent sampler, TPE here rather than random search).</li>
 *   <li>Constraints: a trial that breaks one ranks after every feasible trial ({@link CubeEncoding#observe}).</li>
 * </ul>
 *
 * <p>One objective: a study with several objectives gets {@link MotpeSampler}'s proposals instead (the model
 * here ranks by one loss), so it still searches all of them, as a study under {@code motpe} would.
 *
 * <p>Cost per proposal: O(n d²) to replay n complete trials and one eigendecomposition (O(d³)) per generation.
 */
public final class CmaEsSampler implements Sampler {
    /** What a study with several objectives gets instead (see the class comment). */
    private final Sampler severalObjectives = new MotpeSampler();
    private static final int RESAMPLES = 100;
    private static final double INITIAL_SIGMA = 1.0 / 6;
    /** Generations on one plateau (every loss equal to the last best) after which a run restarts. */
    static final int FLAT_GENERATIONS = 3;
    /** The smallest step size a continued run starts with (see {@link #continuing}). */
    static final double MIN_CONTINUED_SIGMA = 1e-6;

    /** Trials numbered below this were proposed by another sampler (see {@link #continuing}); 0 for a whole study. */
    private final int firstTrial;

    public CmaEsSampler() {
        this(0);
    }

    private CmaEsSampler(int firstTrial) {
        this.firstTrial = firstTrial;
    }

    /**
     * CMA-ES taking over a study from trial {@code firstTrial} on ({@link AutoSampler}'s hand-over): the earlier
     * trials are not told as generations (another sampler chose them, not this strategy's distribution); instead the
     * first run starts at the best of them, with a step size equal to the root-mean-square distance per coordinate
     * (in the unit cube) from it to the best {@code max(λ, ⌈n / 10⌉)} of them, so a search that had closed in on a
     * minimum refines it and one spread over several basins keeps exploring. Restarts are as for a whole study.
     */
    static CmaEsSampler continuing(int firstTrial) {
        return new CmaEsSampler(firstTrial);
    }

    @Override
    public Map<String, Object> sample(SamplingContext context) {
        if (context.directions().size() > 1) {
            return severalObjectives.sample(context);
        }
        SearchSpace space = context.space();
        Map<String, Distribution> numeric = new LinkedHashMap<>();
        Map<String, Distribution> others = new LinkedHashMap<>();
        space.distributions().forEach((name, distribution) -> {
            boolean modelled = !(distribution instanceof CategoricalDistribution) && space.ownerOf(name) == null;
            (modelled ? numeric : others).put(name, distribution);
        });
        Map<String, Object> params = new LinkedHashMap<>();
        if (!numeric.isEmpty()) {
            CubeEncoding encoding = new CubeEncoding(numeric);
            Strategy strategy = replay(encoding, encoding.observe(context), context.seed(), firstTrial);
            params.putAll(encoding.decode(strategy.ask(encoding, context.random())));
        }
        if (!others.isEmpty()) {
            // TPE's own random source is decorrelated from the strategy's draws by another seed.
            SamplingContext independent = new SamplingContext(new SearchSpace(others), context::trials,
                    context.directions(), context.trialNumber(), ~context.seed(), context.constraints());
            params.putAll(new TpeSampler().sample(independent));
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String name : space.names()) {
            ordered.put(name, params.get(name));
        }
        return ordered;
    }

    /** The strategy after telling every complete generation of {@code observed}, restarts included. */
    static Strategy replay(CubeEncoding encoding, CubeEncoding.Observations observed, long seed) {
        return replay(encoding, observed, seed, 0);
    }

    /**
     * The same for a run that takes over at trial {@code firstTrial}: the observations of earlier trials only set
     * where it starts and its step size (see {@link #continuing}).
     */
    static Strategy replay(CubeEncoding encoding, CubeEncoding.Observations observed, long seed, int firstTrial) {
        int d = encoding.dimension();
        int lambda = 4 + (int) Math.floor(3 * Math.log(d));
        double[] start = new double[d];
        Arrays.fill(start, 0.5);
        double sigma = INITIAL_SIGMA;
        int next = 0;
        while (next < observed.size() && observed.trials().get(next).number() < firstTrial) {
            next++;
        }
        if (next > 0) {
            Integer[] best = new Integer[next];
            for (int i = 0; i < next; i++) {
                best[i] = i;
            }
            Arrays.sort(best, Comparator.comparingDouble(i -> observed.losses()[i]));
            start = observed.points()[best[0]].clone();
            int k = Math.min(next, Math.max(lambda, (int) Math.ceil(next / 10.0)));
            double squares = 0;
            for (int j = 0; j < k; j++) {
                double[] point = observed.points()[best[j]];
                for (int i = 0; i < d; i++) {
                    squares += (point[i] - start[i]) * (point[i] - start[i]);
                }
            }
            sigma = Math.max(MIN_CONTINUED_SIGMA, Math.min(INITIAL_SIGMA, Math.sqrt(squares / (k * d))));
        }
        Strategy strategy = new Strategy(d, lambda, start, sigma);
        int restarts = 0;
        while (observed.size() - next >= strategy.lambda) {
            double[][] points = Arrays.copyOfRange(observed.points(), next, next + strategy.lambda);
            double[] losses = Arrays.copyOfRange(observed.losses(), next, next + strategy.lambda);
            next += strategy.lambda;
            strategy.tell(encoding, points, losses);
            if (strategy.converged()) {
                restarts++;
                SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + restarts);
                double[] restart = new double[d];
                for (int i = 0; i < d; i++) {
                    restart[i] = random.nextDouble();
                }
                strategy = new Strategy(d, 2 * strategy.lambda, restart, INITIAL_SIGMA);
            }
        }
        return strategy;
    }

    /** The state of one run of CMA-ES (between restarts) in the unit cube. */
    static final class Strategy {
        final int d;
        final int lambda;
        private final int mu;
        private final double[] weights;
        private final double muEff;
        private final double cSigma;
        private final double dSigma;
        private final double cc;
        private final double c1;
        private final double cMu;
        private final double chiN;
        final double[] mean;
        double sigma;
        private final double[][] c;
        private double[][] b;
        private double[] diagonal;
        private final double[] pSigma;
        private final double[] pc;
        private int generation;
        private final List<Double> bestLosses = new ArrayList<>();
        private double lastRange = Double.POSITIVE_INFINITY;
        /** Consecutive generations whose losses were all equal to the previous generation's best. */
        private int flatGenerations;

        Strategy(int d, int lambda, double[] mean, double sigma) {
            this.d = d;
            this.lambda = lambda;
            this.mu = lambda / 2;
            this.weights = new double[mu];
            double sum = 0;
            for (int i = 0; i < mu; i++) {
                weights[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
                sum += weights[i];
            }
            double squares = 0;
            for (int i = 0; i < mu; i++) {
                weights[i] /= sum;
                squares += weights[i] * weights[i];
            }
            this.muEff = 1 / squares;
            this.cSigma = (muEff + 2) / (d + muEff + 5);
            this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (d + 1)) - 1) + cSigma;
            this.cc = (4 + muEff / d) / (d + 4 + 2 * muEff / d);
            this.c1 = 2 / ((d + 1.3) * (d + 1.3) + muEff);
            this.cMu = Math.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((d + 2) * (d + 2) + muEff));
            this.chiN = Math.sqrt(d) * (1 - 1.0 / (4 * d) + 1.0 / (21.0 * d * d));
            this.mean = mean.clone();
            this.sigma = sigma;
            this.c = new double[d][d];
            this.b = new double[d][d];
            this.diagonal = new double[d];
            for (int i = 0; i < d; i++) {
                c[i][i] = 1;
                b[i][i] = 1;
                diagonal[i] = 1;
            }
            this.pSigma = new double[d];
            this.pc = new double[d];
        }

        /**
         * The margin factor of each axis: 1 for floats; for an int, enough to leave the integer the mean stands
         * on with probability {@code 1/(d λ)} towards its nearer neighbour.
         */
        double[] margin(CubeEncoding encoding) {
            double[] a = new double[d];
            double quantile = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - 1.0 / (d * lambda));
            for (int i = 0; i < d; i++) {
                a[i] = 1;
                if (encoding.isInteger(i) && ((IntDistribution) encoding.distribution(i)).size() > 1) {
                    IntDistribution ints = (IntDistribution) encoding.distribution(i);
                    long value = ((Number) encoding.value(i, mean[i])).longValue();
                    double distance = Double.POSITIVE_INFINITY;
                    if (value > ints.low()) {
                        distance = mean[i] - encoding.unit(i, ints.toInternal(value - 0.5 * ints.step()));
                    }
                    if (value < ints.high()) {
                        distance = Math.min(distance,
                                encoding.unit(i, ints.toInternal(value + 0.5 * ints.step())) - mean[i]);
                    }
                    double spread = sigma * Math.sqrt(c[i][i]) * quantile;
                    if (spread < distance) {
                        a[i] = distance / spread;
                    }
                }
            }
            return a;
        }

        /** A point drawn from N(mean, σ² A C A), inside the unit cube. */
        double[] ask(CubeEncoding encoding, SplittableRandom random) {
            double[] a = margin(encoding);
            double[] x = new double[d];
            for (int attempt = 0; attempt < RESAMPLES; attempt++) {
                draw(random, a, x);
                if (Arrays.stream(x).allMatch(v -> v >= 0 && v <= 1)) {
                    return x;
                }
            }
            for (int i = 0; i < d; i++) {
                x[i] = Math.max(0, Math.min(1, x[i]));
            }
            return x;
        }

        private void draw(SplittableRandom random, double[] a, double[] x) {
            double[] z = new double[d];
            for (int i = 0; i < d; i++) {
                z[i] = diagonal[i] * random.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double y = 0;
                for (int j = 0; j < d; j++) {
                    y += b[i][j] * z[j];
                }
                x[i] = mean[i] + sigma * a[i] * y;
            }
        }

        /** One generation: the points and their losses (lower is better), in any order. */
        void tell(CubeEncoding encoding, double[][] points, double[] losses) {
            double[] a = margin(encoding);
            Integer[] order = new Integer[points.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> losses[i]));
            double[][] y = new double[mu][d];
            double[] yw = new double[d];
            for (int k = 0; k < mu; k++) {
                double[] point = points[order[k]];
                for (int i = 0; i < d; i++) {
                    y[k][i] = (point[i] - mean[i]) / (sigma * a[i]);
                    yw[i] += weights[k] * y[k][i];
                }
            }
            generation++;
            for (int i = 0; i < d; i++) {
                mean[i] += sigma * a[i] * yw[i];
            }
            // C^-1/2 y_w = B D^-1 B^T y_w
            double[] bty = new double[d];
            for (int j = 0; j < d; j++) {
                for (int i = 0; i < d; i++) {
                    bty[j] += b[i][j] * yw[i];
                }
                bty[j] /= diagonal[j];
            }
            double norm = 0;
            double sigmaRate = Math.sqrt(cSigma * (2 - cSigma) * muEff);
            for (int i = 0; i < d; i++) {
                double w = 0;
                for (int j = 0; j < d; j++) {
                    w += b[i][j] * bty[j];
                }
                pSigma[i] = (1 - cSigma) * pSigma[i] + sigmaRate * w;
                norm += pSigma[i] * pSigma[i];
            }
            norm = Math.sqrt(norm);
            boolean stalled = norm / Math.sqrt(1 - Math.pow(1 - cSigma, 2.0 * generation)) >= (1.4 + 2.0 / (d + 1)) * chiN;
            double hSigma = stalled ? 0 : 1;
            double pathRate = Math.sqrt(cc * (2 - cc) * muEff);
            for (int i = 0; i < d; i++) {
                pc[i] = (1 - cc) * pc[i] + hSigma * pathRate * yw[i];
            }
            double keep = 1 - c1 - cMu + (1 - hSigma) * c1 * cc * (2 - cc);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double rankMu = 0;
                    for (int k = 0; k < mu; k++) {
                        rankMu += weights[k] * y[k][i] * y[k][j];
                    }
                    c[i][j] = c[j][i] = keep * c[i][j] + c1 * pc[i] * pc[j] + cMu * rankMu;
                }
            }
            sigma *= Math.exp(Math.min(1, (cSigma / dSigma) * (norm / chiN - 1)));
            EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(c, true));
            b = eigen.getV().getData();
            double[] values = eigen.getRealEigenvalues();
            for (int i = 0; i < d; i++) {
                diagonal[i] = Math.sqrt(Math.max(values[i], 1e-20));
            }
            double best = losses[order[0]];
            lastRange = losses[order[order.length - 1]] - best;
            boolean flat = lastRange <= 1e-12 * Math.max(1, Math.abs(best)) && !bestLosses.isEmpty()
                    && bestLosses.get(bestLosses.size() - 1) == best;
            flatGenerations = flat ? flatGenerations + 1 : 0;
            bestLosses.add(best);
        }

        /** Whether this run has converged and a restart with a larger population should take over. */
        boolean converged() {
            if (flatGenerations >= FLAT_GENERATIONS) {
                return true;
            }
            int window = 10 + (int) Math.ceil(30.0 * d / lambda);
            if (bestLosses.size() >= window) {
                List<Double> recent = bestLosses.subList(bestLosses.size() - window, bestLosses.size());
                double low = recent.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                double high = recent.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                if (Math.max(high - low, lastRange) < 1e-12) {
                    return true;
                }
            }
            boolean tiny = true;
            double largest = 0;
            double smallest = Double.POSITIVE_INFINITY;
            for (int i = 0; i < d; i++) {
                tiny &= sigma * Math.sqrt(c[i][i]) < 1e-10 && sigma * Math.abs(pc[i]) < 1e-10;
                largest = Math.max(largest, diagonal[i]);
                smallest = Math.min(smallest, diagonal[i]);
            }
            return tiny || (largest * largest) / (smallest * smallest) > 1e14;
        }
    }

    @Override
    public boolean handsSeveralObjectivesToMotpe() {
        return true;
    }

    @Override
    public String name() {
        return "cmaes";
    }
}
