package dev.tuner.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectiveContextTest {
    private static ObjectiveContext context(long seed, int folds) {
        return new ObjectiveContext(seed, folds, List.of(0.05, 0.2, 1.0), Map.of("corpus", "data/a.csv"),
                Path.of("/project"));
    }

    @ParameterizedTest
    @CsvSource({"1, 100", "2, 101", "3, 1000", "2, 1"})
    void foldsAreDisjointCoverEveryRowAndBudgetsNest(int folds, int n) {
        ObjectiveContext c = context(42, folds);
        Set<Integer> all = new HashSet<>();
        for (int fold = 0; fold < folds; fold++) {
            int[] small = c.rows(n, 0.05, fold);
            int[] medium = c.rows(n, 0.2, fold);
            int[] whole = c.rows(n, 1.0, fold);
            assertTrue(Arrays.stream(medium).boxed().toList().containsAll(Arrays.stream(small).boxed().toList()));
            assertTrue(Arrays.stream(whole).boxed().toList().containsAll(Arrays.stream(medium).boxed().toList()));
            for (int r : whole) {
                assertTrue(all.add(r), "row " + r + " is in two folds");
            }
            int[] sorted = whole.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, whole, "rows come in rising order");
        }
        assertEquals(n, all.size());
    }

    @Test
    void theSameSeedGivesTheSameRowsAnotherSeedOthers() {
        assertArrayEquals(context(1, 2).rows(500, 0.2, 1), context(1, 2).rows(500, 0.2, 1));
        assertTrue(!Arrays.equals(context(1, 2).rows(500, 0.2, 1), context(2, 2).rows(500, 0.2, 1)));
    }

    @Test
    void propertiesResolveAgainstTheProjectAndAMissingOneNamesTheElement() {
        ObjectiveContext c = context(1, 2);
        assertEquals(Path.of("/project/data/a.csv"), c.path("corpus"));
        assertEquals("x", c.property("other", "x"));
        assertEquals("objectiveProperties/other: not set; the objective needs it",
                assertThrows(IllegalArgumentException.class, () -> c.property("other")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.rows(10, 0.5, 2));
        assertThrows(IllegalArgumentException.class, () -> c.rows(10, 0, 0));
    }
}
