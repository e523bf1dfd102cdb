package dev.tuner.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a problem text into plain text and {@code {a/b}} references to settings. */
public final class References {
    /** A path of names (letters first; dots inside names, as in {@code xgboost.eta}); any other brace is text. */
    private static final Pattern REFERENCE = Pattern.compile("\\{([A-Za-z][\\w.\\-]*(?:/[A-Za-z][\\w.\\-]*)*)}");

    private References() {
    }

    /** Plain text ({@code setting} null) or a reference ({@code text} null). */
    public record Part(String text, Setting setting) {
    }

    public static List<Part> parse(String problem) {
        List<Part> out = new ArrayList<>();
        if (problem == null) {
            return out;
        }
        Matcher m = REFERENCE.matcher(problem);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                out.add(new Part(problem.substring(at, m.start()), null));
            }
            out.add(new Part(null, new Setting(Arrays.asList(m.group(1).split("/")))));
            at = m.end();
        }
        if (at < problem.length()) {
            out.add(new Part(problem.substring(at), null));
        }
        return out;
    }
}
