package dev.tuner.space;

/** A search space entry the user wrote is malformed. The message names the parameter and what is wrong. */
public class SearchSpaceException extends IllegalArgumentException {
    private final String parameter;

    public SearchSpaceException(String parameter, String message) {
        super("<searchSpace><" + parameter + ">: " + message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
