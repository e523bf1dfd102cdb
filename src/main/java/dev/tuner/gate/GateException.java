package dev.tuner.gate;

/** A baseline or candidate the user must fix; the message is one line naming the file. Settings throw InvalidSettingException. */
public class GateException extends RuntimeException {
    public GateException(String message) {
        super(message);
    }

    public GateException(String message, Throwable cause) {
        super(message, cause);
    }
}
