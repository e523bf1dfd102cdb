package dev.tuner.trial;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** One equality of parameter values for the study's enqueue check and the sweep's baseline lookup. */
class ParamValuesTest {

    static Stream<Arguments> pairs() {
        double tenth = 0.1;
        return Stream.of(
                Arguments.of(3L, 3.0, true),                      // storage gives back a Long for 3.0
                Arguments.of(tenth * 3, 0.3, true),               // computed twice, last bits differ
                Arguments.of(0.3, Math.nextUp(0.3) + 1e-9, false),
                Arguments.of("gini", "gini", true),
                Arguments.of("gini", "entropy", false),
                Arguments.of(1e6, 1e6 + 1e-7, true),              // relative, not absolute, tolerance
                Arguments.of(1e6, 1e6 + 1e-3, false));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void valuesAreTheSameExactlyWhenTheyMeanTheSameSetting(Object a, Object b, boolean same) {
        assertEquals(same, ParamValues.same(a, b));
        assertEquals(same, ParamValues.same(Map.of("p", a), Map.of("p", b)));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void differentNamesAreNeverTheSame(Object a, Object b, boolean ignored) {
        assertFalse(ParamValues.same(Map.of("p", a), Map.of("q", b)));
    }
}
