package dev.tuner.storage;

/** The storage cannot be used: unreachable, unwritable, corrupted or of an unknown schema. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
