package dev.tuner.storage;

/**
 * A study of the same name exists with another fingerprint: its trials are not comparable with the ones the
 * current configuration would produce, so they are never mixed silently.
 */
public class StudyMismatchException extends StorageException {
    public StudyMismatchException(String message) {
        super(message);
    }
}
