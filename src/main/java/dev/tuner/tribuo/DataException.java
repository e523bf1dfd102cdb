package dev.tuner.tribuo;

/**
 * The user's data file cannot be used as it is. The message is one line naming the file and, where it applies,
 * the line and column, so that the build can show it as is.
 */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
