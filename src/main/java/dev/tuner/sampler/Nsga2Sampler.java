package dev.tuner.sampler;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.study.ParetoFront;
import dev.tuner.study.Trial;
import dev.tuner.study.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * NSGA-II (Deb et al. 2002) without state of its own: the generation of a trial is {@code number / populationSize},
 * and the parent population of generation g is rebuilt from storage on every call, exactly as a generational
 * NSGA-II would have kept it: {@code elite(1) = select(generation 0)}, {@code elite(g) = select(elite(g-1) ∪
 * generation g-1)}, where {@code select} keeps {@code populationSize} trials by constrained non-dominated rank and,
 * inside the last front that fits partly, by crowding distance. Generation 0 is drawn at random.
 *
 * <p>A child takes two parents, each the winner of a binary tournament in the elite (lower rank, then larger
 * crowding distance), then:
 * <ul>
 *   <li>crossover with probability {@value #CROSSOVER_PROBABILITY}: simulated binary crossover (SBX, eta
 *   {@value #ETA_CROSSOVER}) in each float and int parameter's internal (log for log ranges) space, and uniform
 *   crossover (either parent's value) for choices; otherwise a copy of the first parent;</li>
 *   <li>mutation of each parameter with probability 1/(number of parameters): polynomial mutation (eta
 *   {@value #ETA_MUTATION}) for floats and ints, a uniform draw for choices.</li>
 * </ul>
 * Only complete trials take part; a parameter that neither parent has (inactive in a conditional space) is drawn
 * uniformly. Constraints enter through constrained domination (a feasible trial dominates an infeasible one).
 * With several workers, a generation's trials may be sampled before the previous generation has finished: the elite
 * is then built from the trials finished so far, as in Optuna.
 */
public final class Nsga2Sampler implements Sampler {
    public static final int DEFAULT_POPULATION_SIZE = 50;
    static final double CROSSOVER_PROBABILITY = 0.9;
    static final double ETA_CROSSOVER = 20;
    static final double ETA_MUTATION = 20;

    private final int populationSize;

    public Nsga2Sampler() {
        this(DEFAULT_POPULATION_SIZE);
    }

    public Nsga2Sampler(int populationSize) {
        if (populationSize < 2) {
            throw new IllegalArgumentException("NSGA-II needs a population of at least 2, got " + populationSize);
        }
        this.populationSize = populationSize;
    }

    @Override
    public Map<String, Object> sample(SamplingContext context) {
        SplittableRandom random = context.random();
        int generation = context.trialNumber() / populationSize;
        Population elite = generation == 0 ? null : elite(context, generation);
        if (elite == null || elite.trials.size() < 2) {
            Map<String, Object> params = new LinkedHashMap<>();
            context.space().distributions().forEach((n, d) -> params.put(n, RandomSampler.drawUniform(d, random)));
            return params;
        }
        Trial first = elite.tournament(random);
        Trial second = elite.tournament(random);
        boolean cross = random.nextDouble() < CROSSOVER_PROBABILITY;
        double mutation = 1.0 / Math.max(1, context.space().size());
        Map<String, Object> child = new LinkedHashMap<>();
        for (Map.Entry<String, Distribution> entry : context.space().distributions().entrySet()) {
            String name = entry.getKey();
            Distribution d = entry.getValue();
            Object a = valid(first, name, d);
            Object b = valid(second, name, d);
            Object value;
            if (a == null && b == null) {
                value = RandomSampler.drawUniform(d, random);
            } else if (a == null || b == null) {
                value = a != null ? a : b;
            } else if (!cross) {
                value = a;
            } else if (d instanceof CategoricalDistribution) {
                value = random.nextBoolean() ? a : b;
            } else {
                value = d.fromInternal(sbx(d.toInternal(a), d.toInternal(b), d.internalLow(), d.internalHigh(),
                        random));
            }
            if (random.nextDouble() < mutation) {
                value = d instanceof CategoricalDistribution
                        ? RandomSampler.drawUniform(d, random)
                        : d.fromInternal(polynomialMutation(d.toInternal(value), d.internalLow(), d.internalHigh(),
                        random));
            }
            child.put(name, value);
        }
        return child;
    }

    private static Object valid(Trial t, String name, Distribution d) {
        Object v = t.params().get(name);
        return v != null && d.contains(v) ? v : null;
    }

    /** The parents of {@code generation}, rebuilt from the complete trials of the generations before it. */
    Population elite(SamplingContext context, int generation) {
        int dims = context.directions().size();
        List<Trial> elite = new ArrayList<>();
        for (int g = 0; g < generation; g++) {
            final int gen = g;
            List<Trial> candidates = new ArrayList<>(elite);
            context.trials().stream()
                    .filter(t -> t.number() / populationSize == gen && t.state() == TrialState.COMPLETE
                            && t.values().size() == dims)
                    .forEach(candidates::add);
            elite = new Population(context, candidates).best(populationSize);
        }
        return new Population(context, elite);
    }

    /** Trials with their constrained non-dominated ranks and crowding distances. */
    static final class Population {
        final List<Trial> trials;
        final int[] rank;
        final double[] crowding;

        Population(SamplingContext context, List<Trial> trials) {
            this.trials = List.copyOf(trials);
            double[][] losses = trials.stream().map(t -> ParetoFront.lossesOf(t.values(), context.directions()))
                    .toArray(double[][]::new);
            double[] violations = trials.stream().mapToDouble(context::violation).toArray();
            this.rank = ParetoFront.ranks(losses, violations);
            this.crowding = new double[trials.size()];
            int maxRank = Arrays.stream(rank).max().orElse(-1);
            for (int r = 0; r <= maxRank; r++) {
                final int front = r;
                int[] members = IntStream.range(0, rank.length).filter(i -> rank[i] == front).toArray();
                double[] c = ParetoFront.crowding(losses, members);
                for (int k = 0; k < members.length; k++) {
                    crowding[members[k]] = c[k];
                }
            }
        }

        /** NSGA-II's environmental selection: whole fronts while they fit, then the least crowded of the next. */
        List<Trial> best(int size) {
            Integer[] order = IntStream.range(0, trials.size()).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.<Integer>comparingInt(i -> rank[i]).thenComparing(i -> -crowding[i])
                    .thenComparingInt(i -> trials.get(i).number()));
            List<Trial> out = new ArrayList<>();
            for (int i = 0; i < Math.min(size, order.length); i++) {
                out.add(trials.get(order[i]));
            }
            return out;
        }

        /** Binary tournament: the lower rank wins, then the larger crowding distance, then the first drawn. */
        Trial tournament(SplittableRandom random) {
            int a = random.nextInt(trials.size());
            int b = random.nextInt(trials.size());
            if (rank[b] < rank[a] || (rank[b] == rank[a] && crowding[b] > crowding[a])) {
                return trials.get(b);
            }
            return trials.get(a);
        }
    }

    /** Bounded simulated binary crossover (Deb and Agrawal 1995); one of the two children, chosen at random. */
    static double sbx(double x1, double x2, double low, double high, SplittableRandom random) {
        if (Math.abs(x1 - x2) < 1e-14 || !(low < high)) {
            return x1;
        }
        double y1 = Math.min(x1, x2);
        double y2 = Math.max(x1, x2);
        double u = random.nextDouble();
        double c1 = 0.5 * ((y1 + y2) - spread(1 + 2 * (y1 - low) / (y2 - y1), u) * (y2 - y1));
        double c2 = 0.5 * ((y1 + y2) + spread(1 + 2 * (high - y2) / (y2 - y1), u) * (y2 - y1));
        double child = random.nextBoolean() ? c1 : c2;
        return Math.max(low, Math.min(high, child));
    }

    private static double spread(double beta, double u) {
        double alpha = 2 - Math.pow(beta, -(ETA_CROSSOVER + 1));
        return u <= 1 / alpha
                ? Math.pow(u * alpha, 1 / (ETA_CROSSOVER + 1))
                : Math.pow(1 / (2 - u * alpha), 1 / (ETA_CROSSOVER + 1));
    }

    /** Deb's bounded polynomial mutation. */
    static double polynomialMutation(double y, double low, double high, SplittableRandom random) {
        if (!(low < high)) {
            return y;
        }
        double d1 = (y - low) / (high - low);
        double d2 = (high - y) / (high - low);
        double r = random.nextDouble();
        double power = 1 / (ETA_MUTATION + 1);
        double deltaq;
        if (r < 0.5) {
            double val = 2 * r + (1 - 2 * r) * Math.pow(1 - d1, ETA_MUTATION + 1);
            deltaq = Math.pow(val, power) - 1;
        } else {
            double val = 2 * (1 - r) + 2 * (r - 0.5) * Math.pow(1 - d2, ETA_MUTATION + 1);
            deltaq = 1 - Math.pow(val, power);
        }
        return Math.max(low, Math.min(high, y + deltaq * (high - low)));
    }

    public int populationSize() {
        return populationSize;
    }

    @Override
    public String name() {
        return "nsga2";
    }
}
