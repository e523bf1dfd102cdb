package dev.tuner.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Which known names a misspelt one was probably meant to be, for "did you mean" hints. */
public final class Spelling {
    private Spelling() {
    }

    /**
     * The names of {@code known} within a small edit distance of {@code name} (case ignored; one edit for names of up
     * to four letters, two beyond), nearest first: a swapped pair of letters ({@code trails}), one missing, extra or
     * wrong letter ({@code sampeler}, {@code fold}) count as one edit each.
     */
    public static List<String> near(String name, Collection<String> known) {
        String lower = name.toLowerCase(Locale.ROOT);
        int allowed = lower.length() <= 4 ? 1 : 2;
        return known.stream()
                .filter(k -> !k.equals(name))
                .map(k -> new Candidate(k, distance(lower, k.toLowerCase(Locale.ROOT))))
                .filter(c -> c.distance() <= allowed)
                .sorted(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
                .map(Candidate::name)
                .toList();
    }

    private record Candidate(String name, int distance) {
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of adjacent letters. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
