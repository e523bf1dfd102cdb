package dev.tuner.storage;

import dev.tuner.trial.Direction;

import java.util.List;

/** A study as stored: its key, name, fingerprint, the description the fingerprint hashes, and directions. */
public record StudyRecord(long id, String name, String fingerprint, String description, List<Direction> directions) {
}
