package dev.tuner.space;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How many configurations a finite space holds: what tells a user that more trials only repeat them. */
class SearchSpaceDistinctPointsTest {
    @Test
    void choicesAndIntsMultiply() {
        Map<String, String> space = new LinkedHashMap<>();
        space.put("distance", "choice(l1, l2, cosine)");
        space.put("scale", "choice(true, false)");
        assertEquals(OptionalLong.of(6), SearchSpace.parse(space).distinctPoints());
        space.put("k", "int(1, 30)");
        assertEquals(OptionalLong.of(180), SearchSpace.parse(space).distinctPoints());
        space.put("fixed", "7");
        assertEquals(OptionalLong.of(180), SearchSpace.parse(space).distinctPoints(), "a pinned value adds no point");
    }

    @Test
    void aFloatOrAConditionMakesTheSpaceOpen() {
        assertEquals(OptionalLong.empty(), SearchSpace.parse(Map.of("k", "int(1, 30)", "eta", "log(0.01, 0.5)"))
                .distinctPoints());
        SearchSpace conditional = SearchSpace.parse(Map.of("trainer", "choice(a, b)", "k", "int(1, 3)"))
                .conditionalOn("trainer");
        assertEquals(OptionalLong.empty(), conditional.distinctPoints());
    }

    @Test
    void aHugeSpaceSaturatesInsteadOfOverflowing() {
        Map<String, String> space = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            space.put("p" + i, "int(1, 100000000)");
        }
        assertEquals(OptionalLong.of(Long.MAX_VALUE), SearchSpace.parse(space).distinctPoints());
    }
}
