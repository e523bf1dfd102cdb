package dev.tuner.space;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.config.Setting;

/** A search space entry the user wrote is malformed. The message names the parameter and what is wrong. */
public class SearchSpaceException extends InvalidSettingException {
    /** The search space setting; a parameter is an entry inside it. */
    public static final Setting SEARCH_SPACE = Setting.of("searchSpace");

    private final String parameter;

    public SearchSpaceException(String parameter, String message) {
        super(SEARCH_SPACE.child(parameter), null, message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
