package dev.tuner.space;

import dev.tuner.config.Setting;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every malformed distribution is refused with one line naming its search space entry (docs/errors.md). */
class SearchSpaceParserErrorsTest {
    @ParameterizedTest(name = "[{index}] '{0}'")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "float(0.1, 0.5"   | <searchSpace><p>: 'float(0.1, 0.5' does not end with ')'
            "float 0.1, 0.5)"  | <searchSpace><p>: 'float 0.1, 0.5)' has ')' without '('
            "float(0.1, )"     | <searchSpace><p>: 'float(0.1, )' has an empty argument
            "float(0.1)"       | <searchSpace><p>: 'float(0.1)' takes 2 arguments, got 1
            "float(a, 1)"      | <searchSpace><p>: 'float(a, 1)': 'a' is not a finite number
            "int(1.5, 4)"      | <searchSpace><p>: 'int(1.5, 4)': '1.5' is not an integer
            "gauss(0, 1)"      | <searchSpace><p>: unknown distribution 'gauss' in 'gauss(0, 1)'; expected float, log, int, intlog or choice
            "float(0.9, 0.1)"  | <searchSpace><p>: 'float(0.9, 0.1)': low 0.9 is greater than high 0.1
            "int(6, 1)"        | <searchSpace><p>: 'int(6, 1)': low 6 is greater than high 1
            "float(-1e308, 1e308)" | <searchSpace><p>: 'float(-1e308, 1e308)': the ends must lie within +-1e100; for a quantity that spans orders of magnitude use log(lo, hi)
            "log(1, 1e200)"    | <searchSpace><p>: 'log(1, 1e200)': the ends must lie within +-1e100
            "int(-9000000000000000000, 9000000000000000000)" | <searchSpace><p>: 'int(-9000000000000000000, 9000000000000000000)': high - low is beyond the largest integer (9223372036854775807)
            "log(0, 0.3)"      | <searchSpace><p>: 'log(0, 0.3)': low must be > 0 for a log range
            "log(-1, 0.3)"     | <searchSpace><p>: 'log(-1, 0.3)': low must be > 0 for a log range
            "intlog(0, 8)"     | <searchSpace><p>: 'intlog(0, 8)': low must be >= 1 for a log range
            "int(1, 10, 0)"    | <searchSpace><p>: 'int(1, 10, 0)': step must be >= 1
            "int(1, 10, 4)"    | <searchSpace><p>: 'int(1, 10, 4)': high - low must be a multiple of step
            "choice(a, a)"     | <searchSpace><p>: 'choice(a, a)': choice() lists a value twice
            "choice()"         | <searchSpace><p>: 'choice()': choice() needs at least one value
            "  "               | <searchSpace><p>: empty; expected float(lo, hi), log(lo, hi), int(lo, hi[, step]) or choice(a, b, ...)
            """)
    void aMalformedDistributionNamesItsElementAndWhatIsWrong(String text, String message) {
        SearchSpaceException e = assertThrows(SearchSpaceException.class, () -> SearchSpaceParser.parse("p", text));
        assertEquals(Setting.of("searchSpace", "p"), e.setting());
        assertEquals(message.substring("<searchSpace><p>: ".length()), e.problem());
        assertEquals(1, e.getMessage().lines().count());
    }
}
