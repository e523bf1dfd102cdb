package dev.tuner.report;

import dev.tuner.config.InvalidSettingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.space.Distribution;
import dev.tuner.space.SearchSpace;
import dev.tuner.storage.StudyRecord;
import dev.tuner.storage.StudyStorage;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.Study;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Trial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the report shows, gathered from a {@link StudyResult}: the stored description gives the search space and
 * budget ladder, so a report rebuilt from the database alone ({@code tuner:report}) shows the same as the one
 * {@code tuner:tune} writes.
 *
 * @param result           the study and its trials
 * @param space            the search space (parameters in order), or null when the description lacks it
 * @param parameterNames   parameter names in column order
 * @param budgets          the budget ladder (one entry, 1.0, when unknown)
 * @param estimatedSeconds the planned wall time of the study, when an estimate was recorded
 * @param estimateSource   where the estimate came from ("study attribute 'estimate'", a file path), or null
 */
public record ReportData(StudyResult result, SearchSpace space, List<String> parameterNames, List<Double> budgets,
                         OptionalDouble estimatedSeconds, String estimateSource) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The study attribute the estimate goal records its plan under. */
    public static final String ESTIMATE_ATTRIBUTE = "estimate";

    /**
     * @param estimateAttribute the study attribute {@value #ESTIMATE_ATTRIBUTE} (JSON), when present
     * @param estimateFile      {@code target/tuner/estimate.json}, read when present and no attribute was given
     */
    public static ReportData of(StudyResult result, Optional<String> estimateAttribute, Path estimateFile) {
        JsonNode description = readTree(result.study().description());
        SearchSpace space = null;
        List<String> names = new ArrayList<>();
        if (description != null && description.path("searchSpace").isObject()) {
            Map<String, String> entries = new LinkedHashMap<>();
            description.path("searchSpace").fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue().asText()));
            try {
                space = SearchSpace.parse(entries);
                names.addAll(space.names());
            } catch (RuntimeException e) {
                space = null;
            }
        }
        if (names.isEmpty()) {
            LinkedHashSet<String> seen = new LinkedHashSet<>();
            result.trials().forEach(t -> seen.addAll(t.params().keySet()));
            names.addAll(seen);
        }
        List<Double> budgets = new ArrayList<>();
        if (description != null) {
            description.path("budgets").forEach(b -> budgets.add(b.asDouble()));
        }
        if (budgets.isEmpty()) {
            budgets.add(1.0);
        }
        JsonNode estimateJson = null;
        String source = null;
        if (estimateAttribute.isPresent()) {
            estimateJson = readTree(estimateAttribute.get());
            source = "study attribute '" + ESTIMATE_ATTRIBUTE + "'";
        }
        if (expectedSeconds(estimateJson).isEmpty() && estimateFile != null && Files.isRegularFile(estimateFile)) {
            try {
                estimateJson = JSON.readTree(estimateFile.toFile());
                source = estimateFile.toString();
            } catch (IOException e) {
                estimateJson = null;
            }
        }
        OptionalDouble estimate = expectedSeconds(estimateJson);
        OptionalDouble earlier = earlierRunsSeconds(estimateJson, result.trials());
        if (estimate.isPresent() && earlier.isPresent()) {
            // The estimate planned only the run that resumed the study; the report's actual spans every run.
            estimate = OptionalDouble.of(estimate.getAsDouble() + earlier.getAsDouble());
            source += String.format(Locale.ROOT, ", which planned the run resuming from %d finished trials;"
                    + " the %.1f s before that run are added as they were taken",
                    estimateJson.path("finishedTrials").asInt(), earlier.getAsDouble());
        }
        return new ReportData(result, space, List.copyOf(names), List.copyOf(budgets), estimate,
                estimate.isPresent() ? source : null);
    }

    /**
     * Reads the study called {@code name} from storage, whatever its fingerprint: a report shows what is stored.
     *
     * @throws IllegalArgumentException when the storage holds no such study
     */
    public static ReportData load(StudyStorage storage, String name, Path estimateFile) {
        StudyRecord record = storage.findStudy(name).orElseThrow(() -> new InvalidSettingException("study", name,
                "no such study in " + storage.location() + "; run tuner:tune first"));
        List<Trial> trials = storage.trials(record.id());
        JsonNode description = readTree(record.description());
        List<ObjectiveSpec> objectives = new ArrayList<>();
        if (description != null) {
            description.path("objectives").forEach(o -> objectives.add(ObjectiveSpec.parse(o.asText())));
        }
        if (objectives.isEmpty()) {
            // An older or foreign description: name the objectives by position, with the stored directions.
            List<Direction> directions = record.directions();
            for (int i = 0; i < directions.size(); i++) {
                objectives.add(new ObjectiveSpec("objective " + (i + 1), directions.get(i)));
            }
        }
        int finished = (int) trials.stream().filter(t -> t.state().isFinished()).count();
        StudyResult result = new StudyResult(record, trials, objectives, finished, 0, spanSeconds(trials),
                Study.storedConstraints(storage, record.id()));
        return of(result, storage.studyAttribute(record.id(), ESTIMATE_ATTRIBUTE), estimateFile);
    }

    /** Wall time from the first trial's start to the last trial's finish, over every run of the study. */
    public static double spanSeconds(List<Trial> trials) {
        Instant first = null;
        Instant last = null;
        for (Trial t : trials) {
            if (t.started() != null && (first == null || t.started().isBefore(first))) {
                first = t.started();
            }
            if (t.finished() != null && (last == null || t.finished().isAfter(last))) {
                last = t.finished();
            }
        }
        return first == null || last == null ? 0 : (last.toEpochMilli() - first.toEpochMilli()) / 1000.0;
    }

    public List<ObjectiveSpec> objectives() {
        return result.objectives();
    }

    /** The distribution of a parameter, or null when the space is unknown. */
    public Distribution distribution(String name) {
        return space == null ? null : space.distributions().get(name);
    }

    /**
     * For the estimate of a resumed study (it planned only the trials remaining when it ran): the wall time of the
     * study before the run it planned, from the first trial's start to that run's first trial (started after the
     * estimate was generated); empty for the estimate of a fresh study or when no trial started after it.
     */
    static OptionalDouble earlierRunsSeconds(JsonNode estimate, List<Trial> trials) {
        if (estimate == null || estimate.path("finishedTrials").asInt() <= 0 || !estimate.path("generated").isTextual()) {
            return OptionalDouble.empty();
        }
        Instant generated;
        try {
            generated = Instant.parse(estimate.path("generated").asText());
        } catch (DateTimeParseException e) {
            return OptionalDouble.empty();
        }
        Instant first = null;
        Instant runStart = null;
        for (Trial t : trials) {
            if (t.started() == null) {
                continue;
            }
            if (first == null || t.started().isBefore(first)) {
                first = t.started();
            }
            if (!t.started().isBefore(generated) && (runStart == null || t.started().isBefore(runStart))) {
                runStart = t.started();
            }
        }
        return first == null || runStart == null ? OptionalDouble.empty()
                : OptionalDouble.of((runStart.toEpochMilli() - first.toEpochMilli()) / 1000.0);
    }

    private static OptionalDouble expectedSeconds(JsonNode estimate) {
        if (estimate == null) {
            return OptionalDouble.empty();
        }
        JsonNode v = estimate.path("expectedSeconds");
        return v.isNumber() ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
    }

    private static JsonNode readTree(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
