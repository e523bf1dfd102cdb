package dev.tuner.tribuo;

import dev.tuner.space.SearchSpaceException;
import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.space.SearchSpace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every built-in trainer's every hyperparameter: a search space of the wrong type, a choice the trainer does not
 * know, or a range reaching outside what it accepts is refused before any trial, with one line naming the element.
 */
class HyperparameterTypeCheckTest {

    static Stream<Arguments> everyHyperparameter() {
        List<Arguments> out = new ArrayList<>();
        for (TrainerDefinition trainer : TrainerCatalogue.builtIn().all()) {
            for (HyperparameterSpec spec : trainer.hyperparameters()) {
                out.add(Arguments.of(trainer, spec));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyHyperparameter")
    void wrongTypesAndRangesAreRefusedNamingTheElement(TrainerDefinition trainer, HyperparameterSpec spec) {
        String name = spec.name();
        assertDoesNotThrow(() -> trainer.checkSpace(SearchSpace.parse(Map.of(name, spec.suggestedSpace())),
                SearchSpaceException.SEARCH_SPACE));
        List<String> refused = new ArrayList<>();
        switch (spec.type()) {
            case FLOAT -> refused.add("choice(a, b)");
            case INT -> {
                refused.add("choice(a, b)");
                refused.add("float(1.5, 2.5)");
            }
            case CHOICE -> {
                refused.add("int(1, 3)");
                refused.add("float(0.5, 1.5)");
                refused.add("choice(" + spec.choices().get(0) + ", no-such-" + name + ")");
            }
        }
        HyperparameterSpec.Range range = spec.range();
        if (spec.type() != HyperparameterSpec.Type.CHOICE && range.low() != Double.NEGATIVE_INFINITY) {
            long below = (long) Math.floor(range.low()) - 1;
            refused.add(spec.type() == HyperparameterSpec.Type.INT ? "int(" + below + ", " + (below + 3) + ")"
                    : "float(" + below + ", " + (below + 3) + ")");
        }
        if (spec.type() == HyperparameterSpec.Type.FLOAT && range.high() != Double.POSITIVE_INFINITY) {
            refused.add("float(" + range.high() / 2 + ", " + (range.high() + 1) + ")");
        }
        assertFalse(refused.isEmpty());
        String accepted = spec.type() == HyperparameterSpec.Type.CHOICE
                ? " (one of " + String.join(", ", spec.choices()) + ")"
                : range.equals(HyperparameterSpec.Range.ANY) ? "" : " (" + range.describe() + ")";
        for (String text : refused) {
            SearchSpace space = SearchSpace.parse(Map.of(name, text));
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> trainer.checkSpace(space, SearchSpaceException.SEARCH_SPACE), text);
            assertEquals(Setting.of("searchSpace", name), e.setting());
            assertEquals(spec.type().label() + " hyperparameter of " + trainer.name() + accepted + "; got "
                    + space.get(name).describe(), e.problem());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyHyperparameter")
    void aPinnedValueIsConvertedOrRefusedNamingTheElement(TrainerDefinition trainer, HyperparameterSpec spec) {
        Setting element = Setting.of("params", spec.name());
        assertEquals(trainer.defaults().get(spec.name()),
                trainer.value(element, spec.name(), String.valueOf(spec.defaultValue())));
        String bad = spec.type() == HyperparameterSpec.Type.CHOICE ? "no-such-value" : "lots";
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> trainer.value(element, spec.name(), bad));
        assertEquals(element, e.setting());
        assertEquals("; got '" + bad + "'", e.problem().substring(e.problem().lastIndexOf("; got")));
    }
}
