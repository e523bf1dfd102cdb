package dev.tuner.sampler;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.trial.ParetoFront;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * NSGA-II (Deb et al. 2002) without state of its own: the generation of a trial is {@code number / populationSize},
 * and the parent population of generation g is a function of the stored history alone, exactly as a generational
 * NSGA-II would have kept it: {@code elite(1) = select(generation 0)}, {@code elite(g) = select(elite(g-1) ∪
 * generation g-1)}, where {@code select} keeps {@code populationSize} trials by constrained non-dominated rank and,
 * inside the last front that fits partly, by crowding distance. Generation 0 is drawn at random. The selected
 * parents are memoized in a small cache keyed by the trial numbers, losses and violations they were computed from,
 * so a proposal costs one pass over the history plus O(population), and a generation is selected once, not once
 * per proposal; since the key is the whole input, the cache never changes a result (resume and several processes
 * sharing a storage behave as without it).
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

    /** How many generations' parents {@link #cache} keeps (a study asks for one or two at a time). */
    static final int CACHE_SIZE = 8;

    private final int populationSize;
    /**
     * Parents already selected, keyed by everything they were computed from ({@link Key}): a pure-function cache,
     * so the same history gives the same proposal whether or not it hits, and resuming or running several processes
     * behaves as without it. Bounded, least recently used first out; shared by the worker threads of a study.
     */
    private final Map<Key, Elite> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, Elite> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    /** The last elite handed out and the history it came from ({@link #lastElite}); guarded by itself. */
    private final Object lastLock = new Object();
    private LastElite last;

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

    /**
     * The parents of {@code generation}, as the complete trials of the generations before it determine them. One
     * pass over the history gathers each eligible trial's number, losses and violation; the elite is then looked up
     * in {@link #cache} under exactly those inputs, and on a miss built forward from the latest generation that is
     * cached (one environmental selection per generation, never a re-sort of the whole history).
     */
    Population elite(SamplingContext context, int generation) {
        synchronized (lastLock) {
            if (last != null && last.stillValid(context, generation, populationSize)) {
                return last.elite;
            }
        }
        Population elite = computeElite(context, generation);
        synchronized (lastLock) {
            last = new LastElite(context.trials().toArray(Trial[]::new), generation, context.directions(),
                    context.constraints(), elite);
        }
        return elite;
    }

    /**
     * The elite of the previous proposal with the trial snapshots it was computed from. Between two proposals of one
     * generation in a study, only trials of the current generation change (the running ones finish), and those do not
     * enter the elite; this check sees that by comparing snapshots by identity, which costs a reference comparison
     * per trial instead of the pass over every trial's values that {@link History} makes. Anything else (another
     * generation, a trial before it changed, added or gone, other directions or constraints) recomputes, so this
     * never changes a result.
     */
    private record LastElite(Trial[] sources, int generation, List<dev.tuner.trial.Direction> directions,
                             List<dev.tuner.trial.Constraint> constraints, Population elite) {
        boolean stillValid(SamplingContext context, int generation, int populationSize) {
            if (generation != this.generation || !directions.equals(context.directions())
                    || !constraints.equals(context.constraints())) {
                return false;
            }
            long limit = (long) generation * populationSize;
            List<Trial> trials = context.trials();
            int n = trials.size();
            for (int i = 0; i < n; i++) {
                Trial t = trials.get(i);
                if ((i >= sources.length || t != sources[i]) && t.number() < limit) {
                    return false; // a trial the elite may depend on is new or changed
                }
            }
            for (int i = n; i < sources.length; i++) {
                if (sources[i].number() < limit) {
                    return false; // a trial the elite may have depended on is gone
                }
            }
            return true;
        }
    }

    private Population computeElite(SamplingContext context, int generation) {
        History history = new History(context, populationSize, generation);
        int start = generation;
        Elite known = null;
        while (start > 0 && (known = cache.get(history.key(start))) == null) {
            start--;
        }
        List<Trial> trials = known == null ? List.of() : history.trialsOf(known.numbers);
        Elite elite = known;
        for (int g = start + 1; g <= generation; g++) {
            List<Integer> candidates = new ArrayList<>();
            for (Trial t : trials) {
                candidates.add(history.indexOf(t.number()));
            }
            for (int i = history.bound[g - 1]; i < history.bound[g]; i++) {
                candidates.add(i);
            }
            trials = history.population(candidates).best(populationSize);
            List<Integer> members = new ArrayList<>();
            for (Trial t : trials) {
                members.add(history.indexOf(t.number()));
            }
            Population population = history.population(members);
            elite = new Elite(trials.stream().mapToInt(Trial::number).toArray(), population.rank,
                    population.crowding);
            cache.put(history.key(g), elite);
        }
        return new Population(history.trialsOf(elite.numbers), elite.rank, elite.crowding);
    }

    /**
     * A generation's parents as numbers, with their ranks and crowding distances among themselves; the trials are
     * looked up by number in the history at hand, so a cached entry never carries another study's parameters.
     */
    private record Elite(int[] numbers, int[] rank, double[] crowding) {
    }

    /**
     * The inputs that decide the parents of a generation: the eligible trials before it, by number, with their loss
     * vectors and violations. Equal keys mean equal inputs (compared in full, not by hash), so a hit returns what
     * the computation would.
     */
    private static final class Key {
        private final int generation;
        private final int dims;
        private final int count;
        private final int[] numbers;
        private final double[] losses;
        private final double[] violations;
        private final int hash;

        Key(int generation, int dims, int count, int[] numbers, double[] losses, double[] violations) {
            this.generation = generation;
            this.dims = dims;
            this.count = count;
            this.numbers = numbers;
            this.losses = losses;
            this.violations = violations;
            int h = 31 * generation + dims;
            h = 31 * h + count;
            for (int i = 0; i < count; i++) {
                h = 31 * h + numbers[i];
                h = 31 * h + Double.hashCode(violations[i]);
            }
            for (int i = 0; i < count * dims; i++) {
                h = 31 * h + Double.hashCode(losses[i]);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.generation == generation && k.dims == dims
                    && k.count == count && Arrays.equals(numbers, 0, count, k.numbers, 0, count)
                    && Arrays.equals(violations, 0, count, k.violations, 0, count)
                    && Arrays.equals(losses, 0, count * dims, k.losses, 0, count * dims);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The eligible (complete, fully valued) trials of the generations before one, in number order. */
    private static final class History {
        final int dims;
        final Trial[] trials;
        final int[] numbers;
        final double[] losses;
        final double[] violations;
        /** bound[g]: how many eligible trials have a number below g * populationSize. */
        final int[] bound;

        History(SamplingContext context, int populationSize, int generation) {
            dims = context.directions().size();
            long limit = (long) generation * populationSize;
            List<Trial> eligible = new ArrayList<>();
            for (Trial t : context.trials()) {
                if (t.number() < limit && t.state() == TrialState.COMPLETE && t.values().size() == dims) {
                    eligible.add(t);
                }
            }
            eligible.sort(Comparator.comparingInt(Trial::number));
            int n = eligible.size();
            trials = eligible.toArray(Trial[]::new);
            numbers = new int[n];
            losses = new double[n * dims];
            violations = new double[n];
            bound = new int[generation + 1];
            for (int i = 0; i < n; i++) {
                Trial t = trials[i];
                numbers[i] = t.number();
                System.arraycopy(ParetoFront.lossesOf(t.values(), context.directions()), 0, losses, i * dims, dims);
                violations[i] = context.violation(t);
                bound[t.number() / populationSize + 1] = i + 1;
            }
            for (int g = 1; g <= generation; g++) {
                bound[g] = Math.max(bound[g], bound[g - 1]);
            }
        }

        Key key(int generation) {
            return new Key(generation, dims, bound[generation], numbers, losses, violations);
        }

        int indexOf(int number) {
            return Arrays.binarySearch(numbers, number);
        }

        List<Trial> trialsOf(int[] members) {
            List<Trial> out = new ArrayList<>(members.length);
            for (int number : members) {
                out.add(trials[indexOf(number)]);
            }
            return out;
        }

        Population population(List<Integer> indices) {
            List<Trial> members = new ArrayList<>(indices.size());
            double[][] l = new double[indices.size()][];
            double[] v = new double[indices.size()];
            for (int k = 0; k < indices.size(); k++) {
                int i = indices.get(k);
                members.add(trials[i]);
                l[k] = Arrays.copyOfRange(losses, i * dims, (i + 1) * dims);
                v[k] = violations[i];
            }
            return new Population(members, l, v);
        }
    }

    /** Trials with their constrained non-dominated ranks and crowding distances. */
    static final class Population {
        final List<Trial> trials;
        final int[] rank;
        final double[] crowding;

        Population(List<Trial> trials, int[] rank, double[] crowding) {
            this.trials = List.copyOf(trials);
            this.rank = rank;
            this.crowding = crowding;
        }

        Population(List<Trial> trials, double[][] losses, double[] violations) {
            this.trials = List.copyOf(trials);
            this.rank = ParetoFront.ranks(losses, violations);
            this.crowding = ParetoFront.crowdingByFront(losses, rank);
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
