package dev.tuner.gate;

/** A gate configuration, baseline or candidate the user must fix; the message is one line naming the culprit. */
public class GateException extends RuntimeException {
    public GateException(String message) {
        super(message);
    }

    public GateException(String message, Throwable cause) {
        super(message, cause);
    }
}
