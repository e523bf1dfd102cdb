package dev.tuner.bundle;

/** A bundle that cannot be written or loaded: the message says which file and why, in one line. */
public class BundleException extends RuntimeException {
    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
