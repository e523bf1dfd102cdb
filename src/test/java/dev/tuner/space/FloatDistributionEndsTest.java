package dev.tuner.space;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ends of a range reached through its internal (log) scale are the ends as written: exp(log(20)) is
 * 19.999999999999996, which would leak into trials.csv and a narrowed stage's range.
 */
class FloatDistributionEndsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"log(1, 20)|1.0|20.0", "log(0.001, 0.3)|0.001|0.3", "float(0.1, 0.7)|0.1|0.7",
            "log(1e-5, 1e5)|1.0E-5|100000.0"})
    void theEndsComeBackAsWritten(String written, double low, double high) {
        Distribution d = SearchSpace.parse(Map.of("p", written)).get("p");
        assertEquals(low, d.fromInternal(d.internalLow()));
        assertEquals(high, d.fromInternal(d.internalHigh()));
        assertEquals(high, d.fromInternal(d.internalHigh() + 1e-9), "beyond the end: clipped to it");
        assertEquals(low, d.fromInternal(d.internalLow() - 1e-9));
        if (written.startsWith("log")) {
            // The unit cube's 1.0 mapped back to the log scale lands a rounding below the end.
            assertEquals(high, d.fromInternal(Math.nextDown(d.internalHigh())));
            assertEquals(low, d.fromInternal(Math.nextUp(d.internalLow())));
        }
    }
}
