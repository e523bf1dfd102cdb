package dev.tuner.tribuo;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Model;
import org.tribuo.transform.TransformedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scale=true}, the default, scales numeric and one-hot features and leaves the words of text columns as they
 * are, for every trainer that has {@code scale} and both tasks. The data are made so that scaling a word by its
 * observed values would lose the class: the positive rows hold "alpha" once or three times, the negative rows never;
 * scaled to [0, 1] by the counts seen, "alpha" once would become 0, the value of a row without it.
 */
class TextScalingTest {
    private static final TrainerCatalogue CATALOGUE = TrainerCatalogue.builtIn();

    static Stream<TrainerDefinition> scaledTrainers() {
        return CATALOGUE.all().stream().filter(t -> t.hyperparameters().stream()
                .anyMatch(h -> h.name().equals("scale")));
    }

    static Stream<TrainerDefinition> scaledClassifiers() {
        return scaledTrainers().filter(t -> t.task() == TaskType.CLASSIFICATION);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scaledTrainers")
    void aWordSeenOnceStillCountsWithTheDefaultScaling(TrainerDefinition trainer, @TempDir Path dir)
            throws IOException {
        boolean classification = trainer.task() == TaskType.CLASSIFICATION;
        StringBuilder csv = new StringBuilder("text,size,colour,target\n");
        for (int i = 0; i < 300; i++) {
            boolean positive = i % 2 == 0;
            String words = !positive ? "gamma" : i % 6 == 0 ? "gamma alpha alpha alpha" : "gamma alpha";
            String target = classification ? (positive ? "yes" : "no") : (positive ? "1" : "0");
            // A numeric column far from [0, 1] and a categorical one, both noise: scaling must still reach them.
            csv.append(words).append(',').append(1000 + (i * 37) % 500).append(',')
                    .append(i % 3 == 0 ? "red" : "blue").append(',').append(target).append('\n');
        }
        Path file = Files.writeString(dir.resolve("words.csv"), csv);
        DatasetSpec spec = new DatasetSpec(file.toFile(), "target", 0.2,
                classification ? "classification" : "regression").withTextColumns(List.of("text"));
        DataSplits splits = new DataSplits(TabularData.load(spec), 0.2, 3, 7);
        TribuoObjective objective = new TribuoObjective(splits, trainer, 7);

        Model<?> model = objective.fit(Map.of());
        TransformedModel<?> scaled = assertInstanceOf(TransformedModel.class, model, "scale=true is the default");
        assertNotNull(scaled.getTransformerMap().get("size"), "a numeric column is scaled");
        assertNotNull(scaled.getTransformerMap().get("colour=red"), "a one-hot feature is scaled");
        assertNull(scaled.getTransformerMap().get("text@alpha"), "a word is left as it is");

        Map<String, Double> heldOut = objective.evaluateHeldOut(Map.of());
        if (classification) {
            assertTrue(heldOut.get("accuracy") >= 0.95, trainer.name() + ": " + heldOut);
        } else {
            assertTrue(heldOut.get("rmse") < 0.3, trainer.name() + ": " + heldOut);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scaledClassifiers")
    void withoutTextColumnsEveryFeatureIsScaled(TrainerDefinition trainer) {
        TribuoObjective objective = new TribuoObjective(new DataSplits(TestData.iris(), 0.2, 3, 7), trainer, 7);
        TransformedModel<?> scaled = assertInstanceOf(TransformedModel.class, objective.fit(Map.of()));
        assertFalse(scaled.getTransformerMap().entrySet().isEmpty());
        objective.splits().data().encoding().columns().forEach(column ->
                assertNotNull(scaled.getTransformerMap().get(column.name()), column.name()));
    }
}
