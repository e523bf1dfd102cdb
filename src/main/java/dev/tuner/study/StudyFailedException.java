package dev.tuner.study;

/** The study as a whole cannot go on: every trial so far failed, the usual sign of a configuration mistake. */
public class StudyFailedException extends RuntimeException {
    public StudyFailedException(String message) {
        super(message);
    }
}
