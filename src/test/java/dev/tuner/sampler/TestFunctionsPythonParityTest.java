package dev.tuner.sampler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.trial.Trial;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bench/optuna_bench.py's copies of the test functions give the values {@link TestFunctions} gives at the same
 * points, so the two tools of the search-quality benchmark minimise the same functions. Needs Debian's
 * /usr/bin/python3 with python3-optuna (the interpreter bench/optuna.sh runs); skipped without them.
 */
class TestFunctionsPythonParityTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String EVALUATE = String.join("\n",
            "import json, sys",
            "sys.path.insert(0, 'bench')",
            "import optuna_bench",
            "from optuna.trial import FixedTrial",
            "functions = dict(optuna_bench.function_set('all'))",
            "points = json.load(sys.stdin)",
            "print(json.dumps([functions[p['function']](FixedTrial(p['params'])) for p in points]))");

    @Test
    void everyFunctionOfBothSetsHasTheSameValueInPythonAtRandomPointsOfItsSpace() throws Exception {
        assumePythonWithOptuna();
        List<Map<String, Object>> points = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        for (TestFunctions.TestFunction f : TestFunctions.set("all")) {
            for (Trial trial : SamplerDriver.minimize(new RandomSampler(), f, 3, 11)) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("function", f.name());
                point.put("params", trial.params());
                points.add(point);
                expected.add(trial.value());
            }
        }
        assertPythonGives(EVALUATE, points, expected);
        assertTrue(points.stream().anyMatch(p -> p.get("function").equals("noisy-quadratic-5d")),
                "the noisy function, whose noise hashes the parameters' bits, is among the points");
    }

    private static final String OBSERVE_NOISY = String.join("\n",
            "import json, sys",
            "sys.path.insert(0, 'bench')",
            "import optuna_bench",
            "from optuna.trial import FixedTrial",
            "functions = {name: (f, scale) for name, f, minimum, scale in optuna_bench.NOISY}",
            "points = json.load(sys.stdin)",
            "print(json.dumps([optuna_bench.noisy_objective(*functions[p['function']], p['level'])"
                    + "(FixedTrial(p['params'])) for p in points]))");

    /** The noisy functions of the benchmark under noise (bench/optuna.sh BENCH_ONLY=noisy) see the same values too. */
    @Test
    void everyNoisyFunctionHasTheSameNoisyValueInPython() throws Exception {
        assumePythonWithOptuna();
        List<Map<String, Object>> points = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        for (NoisyFunctions.NoisyFunction f : NoisyFunctions.all()) {
            for (Trial trial : SamplerDriver.minimize(new RandomSampler(), f.truth(), 3, 5)) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("function", f.name());
                point.put("params", trial.params());
                point.put("level", NoisyFunctions.LEVEL);
                points.add(point);
                expected.add(f.observe(trial.params(), NoisyFunctions.LEVEL));
            }
        }
        assertPythonGives(OBSERVE_NOISY, points, expected);
    }

    private static void assumePythonWithOptuna() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON + ": bench/optuna_bench.py not checked");
        assumeTrue(run(List.of(PYTHON.toString(), "-c", "import optuna"), "").exit() == 0,
                "no optuna for " + PYTHON + " (apt-get install python3-optuna): bench/optuna_bench.py not checked");
    }

    /** Runs {@code script} on the points (JSON on its input) and compares the values it prints with {@code expected}. */
    private static void assertPythonGives(String script, List<Map<String, Object>> points, List<Double> expected)
            throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        Result python = run(List.of(PYTHON.toString(), "-c", script), json.writeValueAsString(points));
        assertEquals(0, python.exit(), python.output());
        // the last line: warnings, if any, come before it on the merged stream
        String[] lines = python.output().split("\n");
        double[] actual = json.readValue(lines[lines.length - 1], double[].class);
        assertEquals(expected.size(), actual.length);
        for (int i = 0; i < actual.length; i++) {
            double tolerance = 1e-12 * Math.max(1, Math.abs(expected.get(i)));
            assertEquals(expected.get(i), actual[i], tolerance, points.get(i).toString());
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "python did not finish: " + command);
        return new Result(process.exitValue(), output);
    }
}
