package dev.tuner.tribuo;

import dev.tuner.space.SearchSpace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the catalogue declares about log-loss before a study is what the trained model gives: for every
 * classification trainer and every value of each of its choices, {@link TrainerDefinition#mayGiveProbabilities} on
 * a space pinning that value agrees with the model's {@code generatesProbabilities()} and with log-loss being
 * reported. A trainer that claimed probabilities it does not give would pass the check before the study and then
 * fail every trial.
 */
class ProbabilitiesMatrixTest {
    private static final TrainerCatalogue CATALOGUE = TrainerCatalogue.builtIn();

    static Stream<Arguments> trainersAndChoices() {
        return CATALOGUE.all().stream().filter(t -> t.task() == TaskType.CLASSIFICATION).flatMap(trainer -> {
            Stream<Map<String, String>> pinned = trainer.hyperparameters().stream()
                    .filter(h -> h.type() == HyperparameterSpec.Type.CHOICE && !h.name().equals("scale"))
                    .flatMap(h -> h.choices().stream().map(choice -> Map.of(h.name(), choice)));
            return Stream.concat(Stream.of(Map.<String, String>of()), pinned)
                    .map(params -> Arguments.of(trainer.name(), params));
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("trainersAndChoices")
    void theDeclaredLogLossIsTheTrainedModels(String name, Map<String, String> pinned) {
        TrainerDefinition trainer = CATALOGUE.get(name, TaskType.CLASSIFICATION);
        DataSplits splits = new DataSplits(TestData.iris(), 0.2, 3, 42);
        Map<String, Object> params = new LinkedHashMap<>(pinned);
        Map<String, String> space = new LinkedHashMap<>();
        pinned.forEach((k, v) -> space.put(k, v));
        boolean declared = trainer.mayGiveProbabilities(SearchSpace.parse(space));
        Map<String, Double> metrics = new TribuoObjective(splits, trainer, 42).evaluate(params, 1.0, 0);
        assertEquals(declared, metrics.containsKey(Metrics.LOG_LOSS), name + " " + pinned + ": " + metrics.keySet());
    }
}
