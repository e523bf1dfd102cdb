package dev.tuner.storage;

import dev.tuner.trial.Trial;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole study as one transaction read it: its record, when it was created, its attributes (key to JSON text) and
 * every trial in number order. What copying a study between storages and exporting it carry.
 */
public record StudySnapshot(StudyRecord record, Instant created, Map<String, String> attributes, List<Trial> trials) {

    public StudySnapshot {
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes == null ? Map.of() : attributes));
        trials = trials == null ? List.of() : List.copyOf(trials);
    }

    /** The same study under another name (and the given trials), for a copy or a carry-over. */
    public StudySnapshot renamed(String name, List<Trial> newTrials) {
        StudyRecord r = new StudyRecord(record.id(), name, record.fingerprint(), record.description(), record.directions());
        return new StudySnapshot(r, created, attributes, newTrials);
    }
}
