package dev.tuner.study;

import dev.tuner.trial.Trial;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tuner.storage.StudyStorage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A trial's objective vector at each rung of a study of several objectives, kept as a study attribute so that every
 * worker's multi-objective pruning sees the others' vectors.
 */
final class RungValues {
    /** Study attribute prefix of a trial's objective vectors per rung. */
    static final String PREFIX = "rung-values/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RungValues() {
    }

    /** Stores {@code rungValues}, budget to objective vector, as trial {@code trialNumber}'s. */
    static void write(StudyStorage storage, long studyId, int trialNumber, Map<Double, List<Double>> rungValues) {
        storage.setStudyAttribute(studyId, PREFIX + trialNumber, Study.toJson(rungValues));
    }

    /** Trial {@code trialNumber}'s vectors by budget; empty when it wrote none (or they cannot be read). */
    static Map<Double, List<Double>> read(StudyStorage storage, long studyId, int trialNumber) {
        Optional<String> json = storage.studyAttribute(studyId, PREFIX + trialNumber);
        if (json.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, List<Double>> raw = JSON.readValue(json.get(),
                    new TypeReference<Map<String, List<Double>>>() { });
            Map<Double, List<Double>> out = new TreeMap<>();
            raw.forEach((k, v) -> out.put(Double.parseDouble(k), v));
            return out;
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
