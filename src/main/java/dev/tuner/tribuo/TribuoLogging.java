package dev.tuner.tribuo;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Tribuo logs every training at INFO, and a study trains hundreds of models: every goal that trains quiets it. */
public final class TribuoLogging {
    /** Held in a field because java.util.logging forgets the level of a logger nobody references. */
    private static final Logger TRIBUO = Logger.getLogger("org.tribuo");

    private TribuoLogging() {
    }

    /** Tribuo's loggers at WARNING from now on. */
    public static void quiet() {
        TRIBUO.setLevel(Level.WARNING);
    }
}
