package dev.tuner.tribuo;

import dev.tuner.space.SearchSpace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model choice as a hyperparameter: parsing, the conditional space and the selection of a trial's trainer. */
class TrainerChoiceTest {
    @Test
    void parsesTheNamesInTheOrderWritten() {
        assertTrue(TrainerChoice.isChoice(" choice(cart, logistic)"));
        assertFalse(TrainerChoice.isChoice("cart"));
        TrainerChoice choice = TrainerChoice.parse("choice( xgboost ,cart, logistic )", TaskType.CLASSIFICATION);
        assertEquals(List.of("xgboost", "cart", "logistic"), choice.names());
        assertEquals("choice(xgboost, cart, logistic)", choice.describe());
        assertEquals("xgboost", choice.first().name());
        assertEquals(TaskType.CLASSIFICATION, choice.get("cart").task());
    }

    @Test
    void refusesMalformedChoicesWithTheElementInTheMessage() {
        assertMessage("expected choice(name, name, ...)", () -> TrainerChoice.parse("choice(cart", TaskType.CLASSIFICATION));
        assertMessage("an empty trainer name", () -> TrainerChoice.parse("choice(cart,,logistic)", TaskType.CLASSIFICATION));
        assertMessage("lists 'cart' twice", () -> TrainerChoice.parse("choice(cart, cart)", TaskType.CLASSIFICATION));
        assertMessage("at least two trainers", () -> TrainerChoice.parse("choice(cart)", TaskType.CLASSIFICATION));
        assertMessage("built-in trainer names only",
                () -> TrainerChoice.parse("choice(cart, org.example.MyTrainer)", TaskType.CLASSIFICATION));
        // A classification-only trainer asked for on a regression task is unknown there.
        assertThrows(IllegalArgumentException.class,
                () -> TrainerChoice.parse("choice(logistic, cart)", TaskType.REGRESSION));
    }

    @Test
    void spaceHasTheChoiceAndPrefixedParametersActiveOnlyForTheirTrainer() {
        TrainerChoice choice = TrainerChoice.parse("choice(cart, logistic)", TaskType.CLASSIFICATION);
        Map<String, String> entries = new LinkedHashMap<>();
        HyperparameterSpec cartSpec = choice.get("cart").hyperparameters().get(0);
        String cartParameter = cartSpec.name();
        entries.put("cart." + cartParameter, cartSpec.suggestedSpace());
        List<String> notes = new ArrayList<>();
        SearchSpace space = choice.space(entries, notes);

        assertEquals("choice(cart, logistic)", space.describe().get(TrainerChoice.PARAMETER));
        assertTrue(space.describe().containsKey("cart." + cartParameter));
        // logistic had no entry: tuned over its suggested space, prefixed, and the note says so.
        assertTrue(space.describe().keySet().stream().anyMatch(k -> k.startsWith("logistic.")), space.describe().toString());
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("no logistic.* entry"), notes.get(0));

        Map<String, Object> trial = new LinkedHashMap<>();
        trial.put(TrainerChoice.PARAMETER, "cart");
        space.describe().keySet().stream().filter(k -> k.contains(".")).forEach(k -> trial.put(k, 1.0));
        Map<String, Object> active = space.activeOnly(trial);
        assertTrue(active.keySet().stream().filter(k -> k.contains(".")).allMatch(k -> k.startsWith("cart.")),
                active.toString());

        TrainerChoice.Selected selected = choice.select(active);
        assertEquals("cart", selected.trainer().name());
        assertEquals(java.util.Set.of(cartParameter), selected.params().keySet());
    }

    @Test
    void spaceRefusesUnprefixedUnknownAndChoiceEntries() {
        TrainerChoice choice = TrainerChoice.parse("choice(cart, logistic)", TaskType.CLASSIFICATION);
        assertMessage("searchSpace/depth: with trainer choice(cart, logistic) prefix each parameter",
                () -> choice.space(Map.of("depth", "int(1, 5)"), new ArrayList<>()));
        assertMessage("searchSpace/trainer: with trainer choice(cart, logistic) the trainer is the choice",
                () -> choice.space(Map.of("trainer", "choice(a, b)"), new ArrayList<>()));
        assertMessage("searchSpace/cart.noSuchThing: trainer 'cart' has no hyperparameter 'noSuchThing'",
                () -> choice.space(Map.of("cart.noSuchThing", "int(1, 5)"), new ArrayList<>()));
    }

    @Test
    void selectingATrainerOutsideTheChoiceNamesTheChoice() {
        TrainerChoice choice = TrainerChoice.parse("choice(cart, logistic)", TaskType.CLASSIFICATION);
        assertMessage("trainer 'xgboost' is not one of choice(cart, logistic)",
                () -> choice.select(Map.of(TrainerChoice.PARAMETER, "xgboost")));
        // A trial without the choice (an enqueued baseline, say) runs the first trainer.
        assertEquals("cart", choice.select(Map.of()).trainer().name());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
