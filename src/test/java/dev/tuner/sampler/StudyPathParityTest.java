package dev.tuner.sampler;

import dev.tuner.pruner.Pruners;
import dev.tuner.storage.JdbcStudyStorage;
import dev.tuner.storage.StudyStorages;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.Study;
import dev.tuner.study.StudySettings;
import dev.tuner.trial.Trial;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A project's objective run through the study engine and a SQLite file, as {@code tune} runs it, is proposed exactly
 * the trials the sampler benchmark's driver proposes for the same seed: the quality measured by
 * {@code QualityBench} is the quality users get, and a difference between the two on a function can only be the
 * seeds'.
 */
class StudyPathParityTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"tpe, branin, 40", "tpe, integers-6d, 40", "tpe, mixed, 40", "tpe-multivariate, rosenbrock-6d, 30",
            "cmaes, rastrigin-4d, 30", "gp, step-4d, 15", "auto, sphere-5d, 15"})
    void theStudyEngineProposesWhatTheBenchmarkDriverProposes(String sampler, String function, int trials)
            throws Exception {
        TestFunctions.TestFunction f = TestFunctions.standard().stream().filter(t -> t.name().equals(function))
                .findFirst().orElseThrow();
        long seed = 7;
        List<Trial> driven = SamplerDriver.minimize(Samplers.create(sampler), f, trials, seed);

        StudySettings settings = new StudySettings("parity", Map.of(), f.space(),
                List.of(new ObjectiveSpec("value", Direction.MINIMIZE)), trials, List.of(1.0), 2, 1, seed, null);
        List<Trial> studied;
        try (JdbcStudyStorage storage = StudyStorages.open(dir.resolve("studies.db").toString())) {
            studied = new Study(settings, storage, Samplers.create(sampler), Pruners.create("none"),
                    (params, budget, fold) -> Map.of("value", f.evaluate(params)), null).optimize().trials();
        }
        assertEquals(driven.stream().map(Trial::params).toList(), studied.stream().map(Trial::params).toList());
        assertEquals(driven.stream().map(Trial::value).toList(), studied.stream().map(Trial::value).toList());
    }
}
