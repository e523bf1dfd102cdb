package dev.tuner.report;

import dev.tuner.pruner.Pruners;
import dev.tuner.sampler.Samplers;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.InMemoryStudyStorage;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.Study;
import dev.tuner.study.StudyResult;
import dev.tuner.study.StudySettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Importance over every shape a search space can take: it is a reading aid, so it must give an answer (or say why
 * not) for one parameter, constants, choices only, and never fail the report of {@code tune} or {@code report}.
 */
class ParameterImportanceShapesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "x=float(0, 1)",
            "n=int(1, 6)",
            "lr=log(0.001, 1)",
            "k=choice(a, b, c)",
            "k=choice(a, b, c) | m=choice(u, v)",
            "x=float(0, 1) | c=7",
            "c=7",
            "c=7 | k=only",
            "x=float(0, 1) | n=int(1, 3) | k=choice(a, b)",
    })
    void importanceAndTheReportWorkForEverySpaceShape(String shape) {
        Map<String, String> space = new LinkedHashMap<>();
        for (String entry : shape.split("\\|")) {
            String[] kv = entry.strip().split("=", 2);
            space.put(kv[0], kv[1]);
        }
        StudyResult result = study(space, ParameterImportance.MINIMUM_TRIALS + 4);
        ReportData data = ReportData.of(result, Optional.empty(), null);

        Map<String, Double> importance = ParameterImportance.compute(data, 1);

        assertEquals(space.keySet(), importance.keySet(), "one entry per parameter");
        double sum = 0;
        for (Map.Entry<String, Double> e : importance.entrySet()) {
            assertTrue(e.getValue() >= 0 && e.getValue() <= 1, e.toString());
            if (!space.get(e.getKey()).contains("(")) {
                assertEquals(0.0, e.getValue(), "a constant parameter explains nothing: " + importance);
            }
            sum += e.getValue();
        }
        boolean anyVaries = space.values().stream().anyMatch(v -> v.contains("("));
        assertEquals(anyVaries ? 1.0 : 0.0, sum, 1e-9, importance.toString());

        String html = HtmlReport.render(data);
        assertTrue(html.contains("data-plot=\"importance\""), "the importance plot is drawn");
    }

    /** A study whose objective depends on every parameter that varies: numbers as they are, choices by position. */
    private static StudyResult study(Map<String, String> space, int trials) {
        SearchSpace parsed = SearchSpace.parse(space);
        StudySettings settings = new StudySettings("shapes", Map.of(), parsed,
                List.of(ObjectiveSpec.parse("loss:min")), trials, List.of(1.0), 1, 1, 3, null);
        try (InMemoryStudyStorage storage = new InMemoryStudyStorage()) {
            return new Study(settings, storage, Samplers.create("random"), Pruners.create("none"),
                    (params, budget, fold) -> {
                        double loss = 0;
                        for (Object v : params.values()) {
                            loss += v instanceof Number n ? n.doubleValue() : v.toString().charAt(0) - 'a';
                        }
                        return Map.of("loss", loss);
                    }, null).optimize();
        }
    }
}
