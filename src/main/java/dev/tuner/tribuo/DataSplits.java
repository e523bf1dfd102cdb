package dev.tuner.tribuo;

import dev.tuner.config.InvalidSettingException;
import org.tribuo.MutableDataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How one data set is divided for a study, fixed by a seed:
 * <ul>
 *   <li><b>held-out rows</b>: a {@code testFraction} of the rows, stratified by class, never seen while tuning;
 *       the bundle report and the gate compare models on them;</li>
 *   <li><b>folds</b>: the remaining (tuning) rows in {@code folds} stratified parts; fold {@code f} validates on
 *       part {@code f} and trains on the others. {@code folds = 1} is a single validation split: the tuning rows in
 *       {@link #SINGLE_SPLIT_PARTS} stratified parts, validating on the first and training on the rest (80/20);</li>
 *   <li><b>budgets</b>: a budget {@code b} in (0, 1] trains on the first {@code ceil(b * n)} rows of a seeded,
 *       class-interleaved order of the fold's {@code n} training rows, so a larger budget's rows contain a smaller
 *       one's and every prefix keeps the class proportions (and at least one row of each class whenever the
 *       prefix is at least as long as the number of classes).</li>
 * </ul>
 * Stratification groups rows by class for classification; for regression it groups them by target quantile
 * (ten bins, fewer below 100 rows so that a bin holds at least ten), which keeps the target's range covered in every
 * part. Bins of one or two rows would fix the split: a repeat's reshuffle within them changes no fold, and a bin
 * must keep a tuning row, so none could give one to the held-out rows.
 *
 * <p>A positive {@code testFraction} holds out at least one row wherever a stratum can spare one: a fraction that
 * rounds to no row on a small data set would leave {@code bundle} and {@code gate} nothing to measure on.
 *
 * <p>Row indices are those of {@link TabularData} (kept rows, file order). Immutable; thread-safe.
 */
public final class DataSplits {
    private static final int REGRESSION_STRATA = 10;
    /** Fewest rows per regression bin, so that folds and repeats can deal a bin's rows differently. */
    private static final int ROWS_PER_REGRESSION_STRATUM = 10;
    /** With one fold: parts the tuning rows are dealt into, one of which validates. */
    static final int SINGLE_SPLIT_PARTS = 5;

    private final TabularData data;
    private final double testFraction;
    private final int folds;
    private final long seed;
    private final int[] heldOutRows;
    private final int[] tuningRows;
    private final int[][] validationRowsByFold;
    /** Per fold, the training rows in their nested-budget order. */
    private final int[][] budgetOrderByFold;
    private final int strataCount;

    /**
     * @param testFraction share of rows held out, in [0, 1); 0 holds out nothing
     * @param folds        number of cross-validation folds; 1 is a single stratified 80/20 validation split
     * @throws IllegalArgumentException for a fraction or fold count out of range, or more folds than the rarest
     *                                  class has tuning rows
     * @throws DataException            for a class with a single row
     */
    public DataSplits(TabularData data, double testFraction, int folds, long seed) {
        this(data, testFraction, folds, seed, 0);
    }

    /**
     * The same held-out rows as {@code new DataSplits(data, testFraction, folds, seed)}, with the tuning rows dealt
     * into folds in another seeded order for {@code repeat > 0}: a repeat of the cross-validation on other folds.
     */
    public DataSplits(TabularData data, double testFraction, int folds, long seed, int repeat) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in [0, 1), got " + testFraction);
        }
        if (folds < 1) {
            throw new IllegalArgumentException("folds must be at least 1, got " + folds);
        }
        this.data = data;
        this.testFraction = testFraction;
        this.folds = folds;
        this.seed = seed;

        int[] stratumOfRow = strata(data);
        this.strataCount = Arrays.stream(stratumOfRow).max().orElse(-1) + 1;
        List<List<Integer>> byStratum = shuffledByStratum(allRows(data.size()), stratumOfRow, new Random(seed));

        int[] heldOutPerStratum = heldOutCounts(byStratum, testFraction, data.size());
        List<Integer> heldOut = new ArrayList<>();
        List<List<Integer>> tuningByStratum = new ArrayList<>();
        for (int s = 0; s < byStratum.size(); s++) {
            List<Integer> stratum = byStratum.get(s);
            heldOut.addAll(stratum.subList(0, heldOutPerStratum[s]));
            tuningByStratum.add(stratum.subList(heldOutPerStratum[s], stratum.size()));
        }
        this.heldOutRows = sorted(heldOut);
        this.tuningRows = sorted(tuningByStratum.stream().flatMap(List::stream).toList());
        checkFoldsFitRarestClass(data, tuningByStratum, Math.max(2, folds));
        if (repeat > 0) {
            Random reshuffle = new Random(seed * 1_000_003L + repeat);
            tuningByStratum = tuningByStratum.stream().map(stratum -> {
                List<Integer> copy = new ArrayList<>(stratum);
                Collections.shuffle(copy, reshuffle);
                return copy;
            }).toList();
        }

        int parts = folds == 1 ? SINGLE_SPLIT_PARTS : folds;
        List<List<Integer>> validation = new ArrayList<>();
        for (int f = 0; f < parts; f++) {
            validation.add(new ArrayList<>());
        }
        // Deal each stratum round robin, continuing where the previous stratum stopped, so that fold sizes
        // differ by at most one row.
        int next = 0;
        for (List<Integer> stratum : tuningByStratum) {
            for (int row : stratum) {
                validation.get(next).add(row);
                next = (next + 1) % parts;
            }
        }
        this.validationRowsByFold = new int[folds][];
        this.budgetOrderByFold = new int[folds][];
        for (int f = 0; f < folds; f++) {
            validationRowsByFold[f] = sorted(validation.get(f));
            List<Integer> training = new ArrayList<>();
            for (int g = 0; g < parts; g++) {
                if (g != f) {
                    training.addAll(validation.get(g));
                }
            }
            budgetOrderByFold[f] = nestedBudgetOrder(training, stratumOfRow, new Random(seed * 31 + f + 1 + 7919L * repeat));
        }
    }

    private static int[] strata(TabularData data) {
        int[] stratum = new int[data.size()];
        if (data.task() == TaskType.CLASSIFICATION) {
            List<String> classes = data.classes();
            for (int r = 0; r < stratum.length; r++) {
                stratum[r] = classes.indexOf(data.targetText(r));
            }
        } else {
            Integer[] byValue = allRows(data.size()).toArray(Integer[]::new);
            Arrays.sort(byValue, Comparator.comparingDouble(data::targetValue));
            int bins = Math.max(1, Math.min(REGRESSION_STRATA, byValue.length / ROWS_PER_REGRESSION_STRATUM));
            for (int rank = 0; rank < byValue.length; rank++) {
                stratum[byValue[rank]] = (int) ((long) rank * bins / byValue.length);
            }
        }
        return stratum;
    }

    /**
     * Largest-remainder apportionment: round(fraction * rows) held-out rows in all (at least one for a positive
     * fraction), each stratum getting its share rounded down plus one for the largest remainders, and every stratum
     * keeping at least one tuning row.
     */
    private static int[] heldOutCounts(List<List<Integer>> byStratum, double fraction, int rows) {
        int strata = byStratum.size();
        int[] counts = new int[strata];
        double[] remainders = new double[strata];
        int total = 0;
        for (int s = 0; s < strata; s++) {
            int size = byStratum.get(s).size();
            double share = fraction * size;
            counts[s] = Math.min((int) Math.floor(share), Math.max(0, size - 1));
            remainders[s] = share - Math.floor(share);
            total += counts[s];
        }
        int target = fraction > 0 ? Math.max(1, (int) Math.round(fraction * rows)) : 0;
        Integer[] byRemainder = new Integer[strata];
        for (int s = 0; s < strata; s++) {
            byRemainder[s] = s;
        }
        Arrays.sort(byRemainder, Comparator.comparingDouble((Integer s) -> -remainders[s]));
        for (int s : byRemainder) {
            if (total >= target) {
                break;
            }
            if (counts[s] < byStratum.get(s).size() - 1) {
                counts[s]++;
                total++;
            }
        }
        return counts;
    }

    private static List<List<Integer>> shuffledByStratum(List<Integer> rows, int[] stratumOfRow, Random random) {
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        int strata = Arrays.stream(stratumOfRow).max().orElse(-1) + 1;
        for (int s = 0; s < strata; s++) {
            groups.put(s, new ArrayList<>());
        }
        for (int row : rows) {
            groups.get(stratumOfRow[row]).add(row);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> group : groups.values()) {
            Collections.shuffle(group, random);
            out.add(group);
        }
        return out;
    }

    private void checkFoldsFitRarestClass(TabularData data, List<List<Integer>> tuningByStratum, int folds) {
        if (data.task() != TaskType.CLASSIFICATION) {
            if (folds > tuningRows.length) {
                throw new InvalidSettingException("folds", folds, "more than the " + tuningRows.length
                        + " tuning rows of " + data.file().getFileName());
            }
            return;
        }
        int rarest = 0;
        for (int s = 1; s < tuningByStratum.size(); s++) {
            if (tuningByStratum.get(s).size() < tuningByStratum.get(rarest).size()) {
                rarest = s;
            }
        }
        int count = tuningByStratum.get(rarest).size();
        if (count < 2) {
            // Fewer folds cannot help: a class needs a row to train on and one to validate on.
            String label = data.classes().get(rarest);
            List<String> lines = new ArrayList<>();
            for (int r = 0; r < data.size(); r++) {
                if (data.targetText(r).equals(label)) {
                    lines.add(String.valueOf(data.lineNumber(r)));
                }
            }
            throw new DataException(data.file() + ": class " + DataException.quote(label) + " of column '"
                    + data.targetColumn() + "' has " + lines.size() + " row(s) (line" + (lines.size() > 1 ? "s " : " ")
                    + String.join(", ", lines) + "), too few to train and validate on; add rows of that class or"
                    + " remove its rows" + sameInAnotherCase(data, label));
        }
        if (folds > count) {
            String label = data.classes().get(rarest);
            throw new InvalidSettingException("folds", folds, "more than the " + count
                    + " tuning rows of the rarest class " + DataException.quote(label) + " in "
                    + data.file().getFileName() + "; use at most " + count + " folds"
                    + sameInAnotherCase(data, label));
        }
    }

    /**
     * A rare class is often a stray spelling of another ({@code Alpha} among {@code alpha}): say so where its size
     * stops the study, as the data's own warning may not have been printed yet.
     */
    private static String sameInAnotherCase(TabularData data, String label) {
        return data.classes().stream().filter(c -> !c.equals(label) && c.equalsIgnoreCase(label)).findFirst()
                .map(c -> " (" + DataException.quote(label) + " and " + DataException.quote(c) + " differ only in"
                        + " case, so they are separate classes: write them the same way if they are one)")
                .orElse("");
    }

    /**
     * One row of each stratum first, then all rows ordered by their relative position within their stratum
     * (position / stratum size, with a random offset inside each step): every prefix of the order holds each
     * stratum in about its share.
     */
    private static int[] nestedBudgetOrder(List<Integer> training, int[] stratumOfRow, Random random) {
        List<List<Integer>> byStratum = shuffledByStratum(training, stratumOfRow, random);
        List<Integer> firsts = new ArrayList<>();
        List<double[]> rest = new ArrayList<>();
        for (List<Integer> stratum : byStratum) {
            for (int i = 0; i < stratum.size(); i++) {
                if (i == 0) {
                    firsts.add(stratum.get(0));
                } else {
                    rest.add(new double[]{(i + random.nextDouble()) / stratum.size(), stratum.get(i)});
                }
            }
        }
        rest.sort(Comparator.comparingDouble(a -> a[0]));
        int[] order = new int[training.size()];
        int k = 0;
        for (int row : firsts) {
            order[k++] = row;
        }
        for (double[] entry : rest) {
            order[k++] = (int) entry[1];
        }
        return order;
    }

    private static List<Integer> allRows(int n) {
        List<Integer> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(i);
        }
        return rows;
    }

    private static int[] sorted(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private void checkFold(int fold) {
        if (fold < 0 || fold >= folds) {
            throw new IllegalArgumentException("fold must be in [0, " + folds + "), got " + fold);
        }
    }

    /** The rows fold {@code fold} trains on at {@code budget}, in the seeded budget order. */
    public int[] trainingRows(int fold, double budget) {
        checkFold(fold);
        if (!(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException("budget must be in (0, 1], got " + budget);
        }
        int[] order = budgetOrderByFold[fold];
        int size = (int) Math.ceil(budget * order.length);
        // Tolerate floating-point fuzz such as 0.1 * 30 = 3.0000000000000004.
        if (size > 1 && Math.abs(budget * order.length - (size - 1)) < 1e-9) {
            size--;
        }
        size = Math.max(size, Math.min(strataCountIn(fold), order.length));
        return Arrays.copyOf(order, size);
    }

    private int strataCountIn(int fold) {
        return data.task() == TaskType.CLASSIFICATION ? strataCount : 1;
    }

    /** The rows fold {@code fold} is validated on, in file order. */
    public int[] validationRows(int fold) {
        checkFold(fold);
        return validationRowsByFold[fold].clone();
    }

    /** All rows not held out (what a refit trains on), in file order. */
    public int[] tuningRows() {
        return tuningRows.clone();
    }

    /** The held-out rows, in file order; empty when {@code testFraction} is 0. */
    public int[] heldOutRows() {
        return heldOutRows.clone();
    }

    public MutableDataset<?> trainingDataset(int fold, double budget) {
        return data.dataset(trainingRows(fold, budget));
    }

    public MutableDataset<?> validationDataset(int fold) {
        return data.dataset(validationRows(fold));
    }

    /** All tuning rows, in a seeded shuffled order (file order would present classes in blocks to SGD). */
    public MutableDataset<?> tuningDataset() {
        List<Integer> rows = new ArrayList<>(Arrays.stream(tuningRows).boxed().toList());
        Collections.shuffle(rows, new Random(seed ^ 0x5DEECE66DL));
        return data.dataset(rows.stream().mapToInt(Integer::intValue).toArray());
    }

    public MutableDataset<?> heldOutDataset() {
        return data.dataset(heldOutRows);
    }

    public TabularData data() {
        return data;
    }

    public int folds() {
        return folds;
    }

    public double testFraction() {
        return testFraction;
    }

    public long seed() {
        return seed;
    }
}
