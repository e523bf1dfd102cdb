package dev.tuner.tuning;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.tribuo.DatasetSpec;
import dev.tuner.trial.Constraint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * log-loss needs probabilities: a trainer that gives none for any trial of the space fails before the study, instead
 * of every trial failing on the missing metric (and counting towards {@code <trials>}).
 */
class TribuoSetupProbabilitiesTest {
    private static TuningRequest request(String trainer, String space, List<String> objectives,
                                         List<Constraint> constraints) throws Exception {
        File iris = new File(TribuoSetupProbabilitiesTest.class.getResource("/data/iris.csv").toURI());
        Map<String, String> entries = space.isBlank() ? Map.of() : Map.of(space.split("=", 2)[0], space.split("=", 2)[1]);
        return new TuningRequest(new DatasetSpec(iris, "label", 0.2, "auto"), trainer, null,
                TribuoSetupProbabilitiesTest.class.getClassLoader(), entries, objectives, 5, "tpe", "none",
                List.of(1.0), 2, 1, 42, null, "p", null,
                new StudyOptions(constraints, List.of(), Map.of(), Map.of(), 20, 5, List.of()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "knn | ",
            "cart | ",
            "libsvm | kernel=choice(linear, rbf)",
            "liblinear | solver=choice(l2r_l2loss_svc_dual, mcsvm_cs)"})
    void aTrainerWithoutProbabilitiesCannotTuneLogLoss(String trainer, String space) throws Exception {
        String why = "trainer '" + trainer + "' gives no probabilities with any parameters of the search space, so no"
                + " trial would report log-loss; choose another metric, or a trainer (or, for liblinear, a *_lr"
                + " solver) that gives probabilities";
        String entry = space == null ? "" : space;
        InvalidSettingException objective = assertThrows(InvalidSettingException.class,
                () -> TribuoSetup.of(request(trainer, entry, List.of("log-loss"), List.of())));
        assertEquals("objectives/objective = log-loss: " + why, objective.getMessage());
        InvalidSettingException constraint = assertThrows(InvalidSettingException.class,
                () -> TribuoSetup.of(request(trainer, entry, List.of("accuracy"),
                        List.of(new Constraint("log-loss", null, 0.5)))));
        assertEquals("constraints/constraint/metric = log-loss: " + why, constraint.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "liblinear | ",
            "liblinear | solver=choice(mcsvm_cs, l2r_lr)",
            "logistic | ",
            "random-forest | ",
            "naive-bayes | "})
    void aSpaceWithSomeTrialsGivingProbabilitiesTunesLogLoss(String trainer, String space) throws Exception {
        assertEquals("log-loss", TribuoSetup.of(request(trainer, space == null ? "" : space, List.of("log-loss"),
                List.of())).objectives().get(0).metric());
    }
}
