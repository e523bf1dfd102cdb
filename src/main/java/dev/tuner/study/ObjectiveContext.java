package dev.tuner.study;

import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the engine tells a project's {@link Objective} before a study ({@link Objective#prepare}).
 *
 * @param seed       the study's {@code <seed>}
 * @param folds      the study's {@code <folds>}: {@link Objective#evaluate} gets folds 0 to {@code folds - 1}
 * @param budgets    the study's {@code <budgets>}, rising, the last one 1.0
 * @param properties {@code <objectiveProperties>}: name to text, as written in the POM (Maven expressions such as
 *                   {@code ${project.basedir}} already resolved)
 * @param directory  the project's base directory, against which relative paths in the properties resolve
 */
public record ObjectiveContext(long seed, int folds, List<Double> budgets, Map<String, String> properties,
                               Path directory) {
    public ObjectiveContext {
        budgets = List.copyOf(budgets);
        properties = Map.copyOf(properties);
    }

    /**
     * A property, required.
     *
     * @throws IllegalArgumentException naming the {@code <objectiveProperties>} element when it is missing
     */
    public String property(String name) {
        String value = properties.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(Setting.of("objectiveProperties", name), null, "not set; the objective"
                    + " needs it");
        }
        return value.strip();
    }

    /** A property, or {@code fallback} when it is not set. */
    public String property(String name, String fallback) {
        String value = properties.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** A property naming a file or directory, resolved against {@link #directory()}. */
    public Path path(String name) {
        return directory.resolve(property(name));
    }

    /**
     * The rows of a data set of {@code n} rows that one evaluation sees: the rows are shuffled once by the seed and
     * dealt round-robin into {@link #folds()} folds; {@code fold}'s share is its rows, and a budget takes the first
     * {@code budget} of them (at least one). So the folds are disjoint, a larger budget sees a superset of a smaller
     * one (what pruning compares), and the same seed gives the same rows. With one fold, the fold is every row.
     *
     * @return row numbers in rising order
     */
    public int[] rows(int n, double budget, int fold) {
        if (fold < 0 || fold >= folds) {
            throw new IllegalArgumentException("fold " + fold + " of " + folds);
        }
        if (!(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException("budget " + budget + " is not in (0, 1]");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int inFold = 0;
        for (int i = fold; i < n; i += folds) {
            inFold++;
        }
        int take = Math.max(Math.min(1, inFold), (int) Math.round(budget * inFold));
        int[] out = new int[take];
        for (int k = 0; k < take; k++) {
            out[k] = order[fold + k * folds];
        }
        Arrays.sort(out);
        return out;
    }
}
