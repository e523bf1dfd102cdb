package dev.tuner.storage;

import dev.tuner.trial.Direction;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The only state a study shares between its workers, processes and runs. Every method is atomic on its own;
 * implementations must be safe to call from several threads and, for databases, several processes.
 */
public interface StudyStorage extends AutoCloseable {

    /**
     * Opens the study called {@code name}, creating it when absent.
     *
     * @param fingerprint hash of everything that makes trials comparable
     * @param description the JSON the fingerprint was computed from; kept so a mismatch can say what changed
     * @throws StudyMismatchException when a study of that name exists with another fingerprint
     */
    StudyRecord openStudy(String name, String fingerprint, String description, List<Direction> directions);

    /** The study called {@code name}, whatever its fingerprint, without creating it (reports read a study this way). */
    Optional<StudyRecord> findStudy(String name);

    /**
     * The study called {@code name} when it exists, checked as {@link #openStudy} checks it, but never created: a
     * plan reads a study this way, so that planning leaves the storage as it found it.
     *
     * @throws StudyMismatchException when a study of that name exists with another fingerprint
     */
    default Optional<StudyRecord> findStudy(String name, String fingerprint, String description) {
        Optional<StudyRecord> found = findStudy(name);
        if (found.isPresent() && !found.get().fingerprint().equals(fingerprint)) {
            throw StorageJson.mismatch(name, location(), found.get().description(), description);
        }
        return found;
    }

    /** Where this storage lives, as messages name it: the file path, the URL without its parameters, or memory. */
    String location();

    /**
     * Claims the next trial for {@code worker}, atomically: the oldest WAITING trial if there is one, else a new
     * RUNNING trial with the next number and no parameters yet, unless finished plus running trials already reach
     * {@code target}, in which case it returns empty.
     */
    Optional<Trial> claimTrial(long studyId, int target, String worker);

    /** Records the sampled parameters of a claimed trial. */
    void setParams(long trialId, Map<String, Object> params);

    /** Records the fold-averaged value of the first objective at {@code budget}. */
    void reportIntermediate(long trialId, double budget, double value);

    /** Moves a trial to a finished state with its objective values and metrics (may be empty) and a message. */
    void finishTrial(long trialId, TrialState state, List<Double> values, Map<String, Double> metrics, String message);

    /**
     * {@link #reportIntermediate} of the trial's last budget and {@link #finishTrial} as one atomic step: one
     * transaction instead of two on a database. This default does the two steps one after the other.
     */
    default void reportAndFinishTrial(long trialId, double budget, double value, TrialState state, List<Double> values,
                                      Map<String, Double> metrics, String message) {
        reportIntermediate(trialId, budget, value);
        finishTrial(trialId, state, values, metrics, message);
    }

    /** Marks the trial as alive now. */
    void heartbeat(long trialId);

    /**
     * Puts RUNNING trials that {@code isDead} judges abandoned back to WAITING (same number and parameters,
     * intermediate values cleared) so that a worker retries them. Returns how many were requeued.
     */
    int requeueAbandonedTrials(long studyId, Predicate<Trial> isDead);

    /** Adds a WAITING trial with fixed parameters (warm start, retries). */
    Trial enqueueTrial(long studyId, Map<String, Object> params);

    /**
     * The last heartbeat of each RUNNING trial (trial id to time; the claim counts as the first heartbeat), so that a
     * rerun on another machine can tell a worker that stopped from one that is still busy.
     */
    Map<Long, Instant> heartbeats(long studyId);

    /** Every trial of the study, in number order. */
    List<Trial> trials(long studyId);

    /** A study-level attribute (JSON text), e.g. the estimate a run was planned with. */
    void setStudyAttribute(long studyId, String key, String json);

    Optional<String> studyAttribute(long studyId, String key);

    /** The names of every study in the storage, in name order. */
    List<String> studyNames();

    /** The whole study called {@code name}, read in one transaction, or empty when there is none. */
    Optional<StudySnapshot> snapshot(String name);

    /**
     * Deletes the study called {@code name} with its trials, intermediate values and attributes, in one transaction:
     * all of it or nothing. Returns false when there is no such study.
     */
    boolean deleteStudy(String name);

    /**
     * Writes {@code study} (record, creation time, attributes, trials with their states, parameters, values,
     * intermediate values, timestamps, workers and messages) under its record's name, in one transaction, so a
     * failure leaves no part of it behind. Trial and study ids are the storage's own.
     *
     * @throws StorageException when a study of that name exists
     */
    StudyRecord importStudy(StudySnapshot study);

    @Override
    void close();
}
