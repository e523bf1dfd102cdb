package dev.tuner.features;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Bag-of-words features of a free-text column (a column listed in {@code <dataset><textColumns>}).
 *
 * <p>Rules, fixed so that an application reproduces them without state from the training data:
 * <ol>
 *   <li>the cell is lower-cased ({@link Locale#ROOT});</li>
 *   <li>it is split into tokens at every character that is not a Unicode letter or digit;</li>
 *   <li>tokens shorter than {@value #MIN_TOKEN_LENGTH} characters and tokens made only of digits are dropped;</li>
 *   <li>each remaining distinct token {@code t} becomes the feature {@code <column>@t} whose value is
 *       {@code log(1 + count of t in the cell)}, which damps long documents repeating a word.</li>
 * </ol>
 * A missing cell gives no features. Features are returned in token order so that the encoding is deterministic.
 */
public final class TextFeatures {
    /** Shorter tokens ("a", "s" from "it's") carry little meaning and bloat the vocabulary. */
    public static final int MIN_TOKEN_LENGTH = 2;

    private static final Pattern SEPARATOR = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private static final Pattern DIGITS = Pattern.compile("\\p{Nd}+");

    private TextFeatures() {
    }

    /** Feature name to value for one cell of column {@code column}. */
    public static Map<String, Double> of(String column, String cell) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String token : SEPARATOR.split(cell.toLowerCase(Locale.ROOT))) {
            if (token.length() >= MIN_TOKEN_LENGTH && !DIGITS.matcher(token).matches()) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        Map<String, Double> out = new TreeMap<>();
        counts.forEach((token, n) -> out.put(column + "@" + token, Math.log1p(n)));
        return out;
    }
}
