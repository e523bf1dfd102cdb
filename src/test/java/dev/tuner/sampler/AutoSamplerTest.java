package dev.tuner.sampler;

import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoSamplerTest {
    private static final SearchSpace NUMERIC = SearchSpace.parse(Map.of(
            "eta", "log(0.01, 0.3)", "depth", "int(2, 10)", "kind", "choice(gbtree, dart)"));
    private static final SearchSpace CATEGORICAL = SearchSpace.parse(Map.of(
            "a", "choice(x, y)", "b", "choice(x, y, z)", "eta", "log(0.01, 0.3)"));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "one numeric objective,            numeric,     1, 0,   gp",
            "late in a long study,             numeric,     1, 200, tpe",
            "several objectives,               numeric,     2, 0,   nsga2",
            "mostly categorical,               categorical, 1, 0,   tpe",
            "conditional (a choice of models), conditional, 1, 0,   tpe",
            "categoricals pinned and the rest numeric, pinned, 1, 0, gp"})
    void choosesBySpaceObjectivesAndPlaceInTheStudy(String label, String shape, int objectives, int trial,
                                                   String expected) {
        assertEquals(expected, AutoSampler.choose(space(shape), objectives, trial).sampler(), label);
    }

    private static SearchSpace space(String shape) {
        return switch (shape) {
            case "numeric" -> NUMERIC;
            case "categorical" -> CATEGORICAL;
            case "conditional" -> SearchSpace.parse(Map.of("model", "choice(a, b)", "a.x", "float(0, 1)",
                    "b.y", "int(1, 5)")).conditionalOn("model");
            case "pinned" -> CATEGORICAL.withFixed(Map.of("a", "x", "b", "z"));
            default -> throw new IllegalArgumentException(shape);
        };
    }

    @Test
    void proposesExactlyWhatTheChosenSamplerProposes() {
        List<Trial> history = new ArrayList<>();
        Sampler auto = new AutoSampler();
        Sampler gp = new GpSampler();
        for (int number = 0; number < 25; number++) {
            SamplingContext context = SamplerDriver.context(NUMERIC, List.copyOf(history), Direction.MINIMIZE, number,
                    11);
            Map<String, Object> proposed = auto.sample(context);
            assertEquals(gp.sample(context), proposed, "trial " + number);
            history.add(SamplerDriver.complete(number, new LinkedHashMap<>(proposed),
                    TestFunctions.number(proposed, "eta") + TestFunctions.number(proposed, "depth")));
        }
    }

    @Test
    void isDeterministicForASeed() {
        List<Trial> one = SamplerDriver.run(new AutoSampler(), NUMERIC, p -> TestFunctions.number(p, "depth"),
                Direction.MINIMIZE, 20, 5);
        List<Trial> two = SamplerDriver.run(new AutoSampler(), NUMERIC, p -> TestFunctions.number(p, "depth"),
                Direction.MINIMIZE, 20, 5);
        assertEquals(one.stream().map(Trial::params).toList(), two.stream().map(Trial::params).toList());
    }

    @Test
    void describesItsPlanInOneLine() {
        assertEquals("Sampler auto: gp (3 mostly numeric parameter(s), 1 objective)",
                AutoSampler.describe(NUMERIC, 1, 60));
        assertTrue(AutoSampler.describe(NUMERIC, 1, 500).endsWith(
                ", then tpe from trial 200 (gp's cost grows with the cube of the trials)"));
        assertEquals("Sampler auto: nsga2 (2 objectives)", AutoSampler.describe(NUMERIC, 2, 60));
    }
}
