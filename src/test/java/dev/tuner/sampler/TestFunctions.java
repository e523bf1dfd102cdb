package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Standard optimisation test functions over search spaces, for comparing samplers (and, later, benchmarks). */
final class TestFunctions {
    private TestFunctions() {
    }

    /**
     * A function to minimise.
     *
     * @param minimum the global minimum's value, to report how close a sampler got
     */
    record TestFunction(String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> objective,
                        double minimum) {
        double evaluate(Map<String, Object> params) {
            return objective.applyAsDouble(params);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<TestFunction> standard() {
        return List.of(sphere(2), sphere(5), branin(), rosenbrock(), mixed(), rastrigin(4), rosenbrock(6), step(4),
                integers(), ackley(5), hartmann6(), styblinskiTang(5), ellipsoid(10), boosting());
    }

    /**
     * A held-out set: standard functions of other shapes that were not used to set {@code auto}'s rules, so that a
     * benchmark on them says whether those rules generalise ({@code FUNCTION_SET=unseen} in the benchmarks).
     */
    static List<TestFunction> unseen() {
        return List.of(levy(6), griewank(8), schwefel(4), michalewicz(5), sixHumpCamel(), dixonPrice(8),
                noisyQuadratic(5), mlp());
    }

    /**
     * The functions of a named set: {@code standard} (the default when blank), {@code unseen} or {@code all} (both,
     * standard first).
     *
     * @throws IllegalArgumentException naming the set and the known ones
     */
    static List<TestFunction> set(String name) {
        if (name == null || name.isBlank() || name.equals("standard")) {
            return standard();
        }
        if (name.equals("unseen")) {
            return unseen();
        }
        if (name.equals("all")) {
            return java.util.stream.Stream.concat(standard().stream(), unseen().stream()).toList();
        }
        throw new IllegalArgumentException("FUNCTION_SET=" + name + ": expected standard, unseen or all");
    }

    /** The function of {@link #standard()} or {@link #unseen()} with the given name. */
    static TestFunction named(String name) {
        return set("all").stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no test function " + name));
    }

    /**
     * Levy's function, shifted: {@code sin²(π w_1) + Σ_{i<d} (w_i - 1)² (1 + 10 sin²(π w_i + 1)) + (w_d - 1)² (1 +
     * sin²(2π w_d))}, {@code w_i = 1 + (x_i + 4.1) / 4} over [-10, 10]^d; many local minima on a bowl; minimum 0 at
     * x_i = -4.1.
     */
    static TestFunction levy(int dimension) {
        return new TestFunction("levy-" + dimension + "d", cube(dimension, "float(-10, 10)"), params -> {
            double[] w = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                w[i] = 1 + (number(params, "x" + i) + 4.1) / 4;
            }
            double first = Math.sin(Math.PI * w[0]);
            double sum = first * first;
            for (int i = 0; i + 1 < dimension; i++) {
                double ripple = Math.sin(Math.PI * w[i] + 1);
                sum += (w[i] - 1) * (w[i] - 1) * (1 + 10 * ripple * ripple);
            }
            double last = w[dimension - 1];
            double ripple = Math.sin(2 * Math.PI * last);
            return sum + (last - 1) * (last - 1) * (1 + ripple * ripple);
        }, 0);
    }

    /**
     * Griewank's function, shifted: {@code 1 + Σ z_i² / 4000 - Π cos(z_i / sqrt(i))}, {@code z_i = x_i - 13.7} over
     * [-50, 50]^d; a shallow bowl under regular ripples, which dominate at this width; minimum 0 at x_i = 13.7.
     */
    static TestFunction griewank(int dimension) {
        return new TestFunction("griewank-" + dimension + "d", cube(dimension, "float(-50, 50)"), params -> {
            double squares = 0;
            double product = 1;
            for (int i = 0; i < dimension; i++) {
                double z = number(params, "x" + i) - 13.7;
                squares += z * z;
                product *= Math.cos(z / Math.sqrt(i + 1));
            }
            return 1 + squares / 4000 - product;
        }, 0);
    }

    /**
     * Schwefel's function: {@code 418.9829 d - Σ x_i sin(sqrt|x_i|)} over [-500, 500]^d; deceptive, the second-best
     * minimum far from the best, which lies near a corner; minimum 0 (to 10^-4) at x_i = 420.9687.
     */
    static TestFunction schwefel(int dimension) {
        return new TestFunction("schwefel-" + dimension + "d", cube(dimension, "float(-500, 500)"), params -> {
            double sum = 418.9829 * dimension;
            for (int i = 0; i < dimension; i++) {
                double x = number(params, "x" + i);
                sum -= x * Math.sin(Math.sqrt(Math.abs(x)));
            }
            return sum;
        }, 0);
    }

    /**
     * Michalewicz's function: {@code -Σ sin(x_i) sin²⁰(i x_i² / π)}, i from 1, over [0, π]^d; flat almost everywhere
     * with steep narrow ridges; minimum -4.687658 for d = 5 (-1.8013 for d = 2 at (2.20, 1.57)).
     */
    static TestFunction michalewicz(int dimension) {
        double[] minima = {0, -1, -1.8013, -2.7603, -3.6988, -4.687658};
        return new TestFunction("michalewicz-" + dimension + "d", cube(dimension, "float(0, 3.141592653589793)"),
                params -> {
                    double sum = 0;
                    for (int i = 0; i < dimension; i++) {
                        double x = number(params, "x" + i);
                        sum -= Math.sin(x) * Math.pow(Math.sin((i + 1) * x * x / Math.PI), 20);
                    }
                    return sum;
                }, minima[dimension]);
    }

    /**
     * The six-hump camel, shifted: {@code (4 - 2.1 u² + u⁴ / 3) u² + u v + (4 v² - 4) v²}, {@code u = x - 1.3, v = y
     * - 0.45} over x in [-3, 3], y in [-2, 2]; six local minima, two global; minimum -1.031628 at (1.3898, -0.2626)
     * and (1.2102, 1.1626).
     */
    static TestFunction sixHumpCamel() {
        return new TestFunction("six-hump-camel",
                SearchSpace.parse(Map.of("x", "float(-3, 3)", "y", "float(-2, 2)")), params -> {
                    double u = number(params, "x") - 1.3;
                    double v = number(params, "y") - 0.45;
                    return (4 - 2.1 * u * u + u * u * u * u / 3) * u * u + u * v + (4 * v * v - 4) * v * v;
                }, -1.031628);
    }

    /**
     * Dixon and Price's function, shifted: {@code (z_1 - 1)² + Σ_{i≥2} i (2 z_i² - z_{i-1})²}, {@code z_i = x_i +
     * 3.5} over [-10, 10]^d; a curved valley; minimum 0 at z_i = 2^(-(2^i - 2) / 2^i), x_i = z_i - 3.5.
     */
    static TestFunction dixonPrice(int dimension) {
        return new TestFunction("dixon-price-" + dimension + "d", cube(dimension, "float(-10, 10)"), params -> {
            double previous = number(params, "x0") + 3.5;
            double sum = (previous - 1) * (previous - 1);
            for (int i = 1; i < dimension; i++) {
                double z = number(params, "x" + i) + 3.5;
                sum += (i + 1) * (2 * z * z - previous) * (2 * z * z - previous);
                previous = z;
            }
            return sum;
        }, 0);
    }

    private static final double[] NOISY_CENTRE = {0.7, 0.25, 0.6, 0.35, 0.8};
    /** Half-width of the uniform pseudo-noise of {@link #noisyQuadratic}. */
    static final double NOISE = 0.02;

    /**
     * A smooth bowl seen through noise, as a cross-validated metric is: {@code Σ (i + 1) (x_i - c_i)² + 0.02 u},
     * c = (0.7, 0.25, 0.6, 0.35, 0.8) over [0, 1]^d (d ≤ 5), u in [-1, 1) a hash of the parameters' bits
     * ({@link #pseudoNoise}): the same parameters give the same value, neighbours unrelated ones; minimum at least
     * -0.02, the bowl's 0 at x = c.
     */
    static TestFunction noisyQuadratic(int dimension) {
        return new TestFunction("noisy-quadratic-" + dimension + "d", cube(dimension, "float(0, 1)"), params -> {
            double sum = 0;
            double[] x = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                x[i] = number(params, "x" + i);
                double z = x[i] - NOISY_CENTRE[i];
                sum += (i + 1) * z * z;
            }
            return sum + NOISE * pseudoNoise(x);
        }, -NOISE);
    }

    /**
     * Deterministic noise in [-1, 1): SplitMix64's finaliser folded over the IEEE-754 bits of the values, in order
     * (bench/optuna_bench.py computes the same bits).
     */
    static double pseudoNoise(double... values) {
        long h = 0x9E3779B97F4A7C15L;
        for (double v : values) {
            h ^= Double.doubleToLongBits(v);
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            h ^= h >>> 31;
        }
        return 2 * ((h >>> 11) * 0x1.0p-53) - 1;
    }

    private static final Map<String, Double> MLP_ACTIVATION_PENALTY = Map.of("relu", 0.0, "tanh", 0.15,
            "sigmoid", 0.5);
    private static final Map<String, Double> MLP_BEST_LOG_LR = Map.of("relu", -2.7, "tanh", -2.2, "sigmoid", -1.6);

    /**
     * A neural network's training loss surface, as a trainer's space looks: a log-scaled learning rate whose best
     * value depends on the activation (a choice), an int number of layers, a dropout whose best value grows with
     * the layers, a log-scaled weight decay; minimum 0 at activation = relu, lr = 10^-2.7, layers = 3, dropout =
     * 0.24, decay = 10^-4.
     */
    static TestFunction mlp() {
        Map<String, String> space = new LinkedHashMap<>();
        space.put("lr", "log(0.00001, 0.1)");
        space.put("layers", "int(1, 6)");
        space.put("dropout", "float(0, 0.7)");
        space.put("decay", "log(0.000001, 0.1)");
        space.put("activation", "choice(relu, tanh, sigmoid)");
        return new TestFunction("mlp-5d", SearchSpace.parse(space), params -> {
            String activation = (String) params.get("activation");
            double lr = Math.log10(number(params, "lr")) - MLP_BEST_LOG_LR.get(activation);
            double layers = number(params, "layers");
            double depth = (layers - 3) / 1.5;
            double dropout = (number(params, "dropout") - 0.08 * layers) / 0.15;
            double decay = (Math.log10(number(params, "decay")) + 4) / 1.5;
            return lr * lr + depth * depth + dropout * dropout + decay * decay + MLP_ACTIVATION_PENALTY.get(activation);
        }, 0);
    }

    /**
     * Ackley's function, shifted: {@code -20 exp(-0.2 sqrt(mean z_i²)) - exp(mean cos 2π z_i) + 20 + e}, {@code z_i =
     * x_i - 5.5} over [-32.768, 32.768]^d; a nearly flat, rippled outer region around one deep funnel; minimum 0 at
     * x_i = 5.5.
     */
    static TestFunction ackley(int dimension) {
        return new TestFunction("ackley-" + dimension + "d", cube(dimension, "float(-32.768, 32.768)"), params -> {
            double squares = 0;
            double cosines = 0;
            for (int i = 0; i < dimension; i++) {
                double z = number(params, "x" + i) - 5.5;
                squares += z * z;
                cosines += Math.cos(2 * Math.PI * z);
            }
            return -20 * Math.exp(-0.2 * Math.sqrt(squares / dimension)) - Math.exp(cosines / dimension) + 20 + Math.E;
        }, 0);
    }

    private static final double[] HARTMANN_ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] HARTMANN_A = {
            {10, 3, 17, 3.5, 1.7, 8},
            {0.05, 10, 17, 0.1, 8, 14},
            {3, 3.5, 1.7, 10, 17, 8},
            {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] HARTMANN_P = {
            {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
            {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
            {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
            {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

    /** Hartmann's six-dimensional function over [0, 1]^6, the Bayesian-optimisation standard; minimum -3.32237. */
    static TestFunction hartmann6() {
        return new TestFunction("hartmann-6d", cube(6, "float(0, 1)"), params -> {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    double d = number(params, "x" + j) - HARTMANN_P[i][j];
                    inner += HARTMANN_A[i][j] * d * d;
                }
                sum += HARTMANN_ALPHA[i] * Math.exp(-inner);
            }
            return -sum;
        }, -3.32237);
    }

    /**
     * Styblinski-Tang: {@code Σ (x_i⁴ - 16 x_i² + 5 x_i) / 2} over [-5, 5]^d; 2^d local minima, the global one in a
     * corner of them; minimum -39.16617 d at x_i = -2.903534.
     */
    static TestFunction styblinskiTang(int dimension) {
        return new TestFunction("styblinski-tang-" + dimension + "d", cube(dimension, "float(-5, 5)"), params -> {
            double sum = 0;
            for (int i = 0; i < dimension; i++) {
                double x = number(params, "x" + i);
                sum += x * x * x * x - 16 * x * x + 5 * x;
            }
            return sum / 2;
        }, -39.16617 * dimension);
    }

    /**
     * A rotated, ill-conditioned ellipsoid: {@code Σ 10^(4 i / (d - 1)) z_i²}, {@code z = H (x - 1)}, H the
     * Householder reflection along (1, 2, ..., d), over [-5, 5]^d; axes' scales 1 to 10^4 and not along the
     * parameters; minimum 0 at x_i = 1.
     */
    static TestFunction ellipsoid(int dimension) {
        return new TestFunction("ellipsoid-" + dimension + "d", cube(dimension, "float(-5, 5)"), params -> {
            double[] shifted = new double[dimension];
            double dot = 0;
            double norm = 0;
            for (int i = 0; i < dimension; i++) {
                shifted[i] = number(params, "x" + i) - 1;
                dot += (i + 1) * shifted[i];
                norm += (i + 1) * (i + 1);
            }
            double sum = 0;
            for (int i = 0; i < dimension; i++) {
                double z = shifted[i] - 2 * (i + 1) * dot / norm;
                sum += Math.pow(10, 4.0 * i / (dimension - 1)) * z * z;
            }
            return sum;
        }, 0);
    }

    /**
     * A gradient-boosting-like loss surface over six parameters of every numeric form: a log-scaled learning rate
     * whose best value falls as the (stepped) number of trees grows, an int depth, a float row fraction, a
     * log-scaled regularisation and a log-scaled int; minimum 0 at trees = 500, eta = 10^-1.36, depth = 6, subsample
     * = 0.8, lambda = 1, minChild = 10.
     */
    static TestFunction boosting() {
        Map<String, String> space = new LinkedHashMap<>();
        space.put("eta", "log(0.001, 1)");
        space.put("trees", "int(10, 1000, 10)");
        space.put("depth", "int(1, 12)");
        space.put("subsample", "float(0.3, 1)");
        space.put("lambda", "log(0.0001, 100)");
        space.put("minChild", "intlog(1, 100)");
        return new TestFunction("boosting-6d", SearchSpace.parse(space), params -> {
            double trees = Math.log10(number(params, "trees") / 500);
            double eta = Math.log10(number(params, "eta")) + 1.36 + 0.8 * trees;
            double depth = (number(params, "depth") - 6) / 2;
            double subsample = (number(params, "subsample") - 0.8) / 0.15;
            double lambda = Math.log10(number(params, "lambda")) / 2;
            double minChild = Math.log10(number(params, "minChild") / 10);
            return 4 * eta * eta + trees * trees + depth * depth * (1 + Math.abs(eta)) + subsample * subsample
                    + lambda * lambda + minChild * minChild;
        }, 0);
    }

    /**
     * Rastrigin's function, shifted so the minimum is not at the centre of the box (which a sampler starting there
     * would find at once): {@code 10 d + Σ (z_i² - 10 cos 2π z_i)}, {@code z_i = x_i - 1.23} over [-5.12, 5.12]^d;
     * rough, a local minimum near every integer point; minimum 0 at x_i = 1.23.
     */
    static TestFunction rastrigin(int dimension) {
        return new TestFunction("rastrigin-" + dimension + "d", cube(dimension, "float(-5.12, 5.12)"), params -> {
            double sum = 10 * dimension;
            for (int i = 0; i < dimension; i++) {
                double z = number(params, "x" + i) - 1.23;
                sum += z * z - 10 * Math.cos(2 * Math.PI * z);
            }
            return sum;
        }, 0);
    }

    /** Rosenbrock's valley in {@code dimension} dimensions over [-2, 2]^d; minimum 0 at (1, ..., 1). */
    static TestFunction rosenbrock(int dimension) {
        return new TestFunction("rosenbrock-" + dimension + "d", cube(dimension, "float(-2, 2)"), params -> {
            double sum = 0;
            for (int i = 0; i + 1 < dimension; i++) {
                double x = number(params, "x" + i);
                double next = number(params, "x" + (i + 1));
                sum += 100 * (next - x * x) * (next - x * x) + (1 - x) * (1 - x);
            }
            return sum;
        }, 0);
    }

    /**
     * De Jong's step function, shifted: {@code Σ floor(|x_i - 1.7| + 0.5)²} over [-5, 5]^d; flat plateaus, no
     * gradient to follow; minimum 0 on the box |x_i - 1.7| < 0.5.
     */
    static TestFunction step(int dimension) {
        return new TestFunction("step-" + dimension + "d", cube(dimension, "float(-5, 5)"), params -> {
            double sum = 0;
            for (int i = 0; i < dimension; i++) {
                double level = Math.floor(Math.abs(number(params, "x" + i) - 1.7) + 0.5);
                sum += level * level;
            }
            return sum;
        }, 0);
    }

    /**
     * Six integers of every form (plain, with a step, log-scaled, narrow and wide), as a trainer's tree counts and
     * depths: a sum of squared scaled distances to a target; minimum 0 at a=37, b=-12, c=120, d=85, e=3, f=22.
     */
    static TestFunction integers() {
        Map<String, String> space = Map.of(
                "a", "int(0, 100)",
                "b", "int(-50, 50)",
                "c", "intlog(1, 1000)",
                "d", "int(0, 200, 5)",
                "e", "int(1, 10)",
                "f", "int(0, 30)");
        return new TestFunction("integers-6d", SearchSpace.parse(space), params -> {
            double a = (number(params, "a") - 37) / 20;
            double b = (number(params, "b") + 12) / 20;
            double c = Math.log(number(params, "c") / 120);
            double d = (number(params, "d") - 85) / 40;
            double e = (number(params, "e") - 3) / 2;
            double f = (number(params, "f") - 22) / 6;
            return a * a + b * b + c * c + d * d + e * e + f * f;
        }, 0);
    }

    /** {@code x0..x(d-1)}, each of the given distribution. */
    private static SearchSpace cube(int dimension, String distribution) {
        Map<String, String> space = new LinkedHashMap<>();
        for (int i = 0; i < dimension; i++) {
            space.put("x" + i, distribution);
        }
        return SearchSpace.parse(space);
    }

    /**
     * {@code Σ (x_i - 1.3)²} over [-5, 5]^d; minimum 0 at x_i = 1.3, off the centre of the box like every other
     * function's (a sampler that tries the centre first must not find the minimum by it).
     */
    static TestFunction sphere(int dimension) {
        return new TestFunction("sphere-" + dimension + "d", cube(dimension, "float(-5, 5)"), params -> {
            double sum = 0;
            for (int i = 0; i < dimension; i++) {
                double x = number(params, "x" + i) - 1.3;
                sum += x * x;
            }
            return sum;
        }, 0);
    }

    /** Branin-Hoo over [-5, 10] x [0, 15]; minimum 0.397887 at three points. */
    static TestFunction branin() {
        return new TestFunction("branin", SearchSpace.parse(Map.of("x1", "float(-5, 10)", "x2", "float(0, 15)")),
                params -> {
                    double x1 = number(params, "x1");
                    double x2 = number(params, "x2");
                    double b = 5.1 / (4 * Math.PI * Math.PI);
                    double c = 5 / Math.PI;
                    double t = 1 / (8 * Math.PI);
                    double a = x2 - b * x1 * x1 + c * x1 - 6;
                    return a * a + 10 * (1 - t) * Math.cos(x1) + 10;
                }, 0.397887);
    }

    /** Rosenbrock's banana valley over [-2, 2]^2; minimum 0 at (1, 1). */
    static TestFunction rosenbrock() {
        return new TestFunction("rosenbrock-2d", SearchSpace.parse(Map.of("x", "float(-2, 2)", "y", "float(-2, 2)")),
                params -> {
                    double x = number(params, "x");
                    double y = number(params, "y");
                    return 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x);
                }, 0);
    }

    /**
     * Every kind of parameter at once, like a real trainer's space: a float, a log-scaled learning rate, an int,
     * an int with a step and a choice; minimum 0 at x=1, lr=0.01, depth=7, width=64, kind=b.
     */
    static TestFunction mixed() {
        Map<String, String> space = Map.of(
                "x", "float(-5, 5)",
                "lr", "log(0.0001, 1)",
                "depth", "int(1, 20)",
                "width", "int(8, 256, 8)",
                "kind", "choice(a, b, c)");
        Map<String, Double> kindPenalty = Map.of("a", 3.0, "b", 0.0, "c", 6.0);
        return new TestFunction("mixed", SearchSpace.parse(space), params -> {
            double x = number(params, "x");
            double lr = Math.log10(number(params, "lr")) + 2;
            double depth = (number(params, "depth") - 7) / 3;
            double width = (number(params, "width") - 64) / 32;
            return (x - 1) * (x - 1) + lr * lr + depth * depth + width * width
                    + kindPenalty.get((String) params.get("kind"));
        }, 0);
    }

    static double number(Map<String, Object> params, String name) {
        return ((Number) params.get(name)).doubleValue();
    }
}
