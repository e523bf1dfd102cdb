package dev.tuner.report;

import dev.tuner.files.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code best.json}: the best trial (one objective) or the Pareto set (several), the top-k, trial counts and
 * optional extra sections (held-out comparison, estimate against actual). Each trial entry has the shape that
 * {@code <paramsFile>} reads: {@code {"number", "params", "values", "metrics"}}.
 */
public final class BestJsonWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BestJsonWriter() {
    }

    /**
     * @param sections an object whose JSON properties follow the study's in the file (a record of the sections
     *                 around the study), or null
     */
    public static ObjectNode toJson(StudyResult result, int topK, Object sections) {
        ObjectNode root = JSON.createObjectNode();
        root.put("study", result.study().name());
        root.put("fingerprint", result.study().fingerprint());
        ArrayNode objectives = root.putArray("objectives");
        for (ObjectiveSpec o : result.objectives()) {
            objectives.addObject().put("metric", o.metric()).put("direction", o.direction().shortName());
        }
        ObjectNode counts = root.putObject("trials");
        counts.put("target", result.target());
        counts.put("complete", result.count(TrialState.COMPLETE));
        counts.put("pruned", result.count(TrialState.PRUNED));
        counts.put("failed", result.count(TrialState.FAILED));
        counts.put("ranThisBuild", result.ranHere());
        root.put("seconds", Math.round(result.elapsedSeconds() * 1000) / 1000.0);
        int folds = foldsOf(result);
        if (folds > 0) {
            // What the trials' values are: a mean over folds, or one validation split's value (folds = 1).
            root.put("folds", folds);
        }
        // Compute in full-data trainings per fold; a study without pruning spends one per finished trial.
        ObjectNode budget = root.putObject("budgetSpent");
        budget.put("fullTrainings", Math.round(result.budgetSpent() * 1000) / 1000.0);
        long finished = result.trials().stream().filter(t -> t.state().isFinished()).count();
        budget.put("withoutPruning", finished);
        budget.put("fraction", finished == 0 ? 0 : Math.round(result.budgetSpent() / finished * 1000) / 1000.0);

        ObjectNode tree = sections == null ? null : JSON.valueToTree(sections);
        Trial best = best(result, tree);
        if (result.objectives().size() == 1) {
            if (best != null) {
                root.set("best", trial(best, result.objectives()));
            } else {
                root.putNull("best");
            }
            ArrayNode top = root.putArray("topK");
            result.ranked().stream().limit(topK).forEach(t -> top.add(trial(t, result.objectives())));
        } else {
            List<Trial> front = result.paretoFront();
            ArrayNode pareto = root.putArray("paretoFront");
            front.forEach(t -> pareto.add(trial(t, result.objectives())));
            ArrayNode top = root.putArray("topK");
            // The top-k spread along the front: greedy hypervolume subset selection.
            dev.tuner.trial.ParetoFront.topK(front, result.objectives(), topK)
                    .forEach(t -> top.add(trial(t, result.objectives())));
        }
        if (tree != null) {
            tree.fields().forEachRemaining(e -> root.set(e.getKey(), e.getValue()));
        }
        return root;
    }

    /** The study's folds, from the description its fingerprint hashes; 0 when it does not say. */
    private static int foldsOf(StudyResult result) {
        String description = result.study().description();
        if (description == null || description.isBlank()) {
            return 0;
        }
        try {
            return JSON.readTree(description).path("folds").asInt(0);
        } catch (JsonProcessingException unreadable) {
            return 0;
        }
    }

    /**
     * The trial best.json names best: the one tune's final choice (its top trials re-scored on more folds, section
     * {@code finalChoice}) picked, else the study's best.
     */
    private static Trial best(StudyResult result, ObjectNode sections) {
        JsonNode chosen = sections == null ? null : sections.path("finalChoice").path("chosen");
        if (chosen != null && chosen.canConvertToInt()) {
            for (Trial t : result.trials()) {
                if (t.number() == chosen.asInt() && t.state() == TrialState.COMPLETE) {
                    return t;
                }
            }
        }
        return result.best();
    }

    public static ObjectNode trial(Trial t, List<ObjectiveSpec> objectives) {
        ObjectNode n = JSON.createObjectNode();
        n.put("number", t.number());
        n.set("params", JSON.valueToTree(t.params()));
        ObjectNode values = n.putObject("values");
        for (int i = 0; i < objectives.size() && i < t.values().size(); i++) {
            values.put(objectives.get(i).metric(), t.values().get(i));
        }
        ObjectNode metrics = n.putObject("metrics");
        t.metrics().forEach((k, v) -> {
            if (Double.isFinite(v)) {
                metrics.put(k, v);
            }
        });
        return n;
    }

    public static void write(Path file, ObjectNode json) throws IOException {
        AtomicFiles.write(file, out -> JSON.writeValue(out, json));
    }
}
