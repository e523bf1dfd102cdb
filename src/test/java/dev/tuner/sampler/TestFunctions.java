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
                integers());
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

    /** sum of x_i^2 over [-5, 5]^d; minimum 0 at the origin. */
    static TestFunction sphere(int dimension) {
        return new TestFunction("sphere-" + dimension + "d", cube(dimension, "float(-5, 5)"), params -> {
            double sum = 0;
            for (int i = 0; i < dimension; i++) {
                double x = number(params, "x" + i);
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
