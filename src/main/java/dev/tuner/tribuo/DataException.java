package dev.tuner.tribuo;

/**
 * The user's data file cannot be used as it is. The message is one line naming the file and, where it applies,
 * the line and column, so that the build can show it as is.
 */
public class DataException extends RuntimeException {
    /** A quoted value longer than this is cut: a cell may hold a whole document. */
    static final int MAX_QUOTED_CHARACTERS = 40;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code value} in single quotes, fit for a one-line message: control characters (line breaks, NUL) escaped as
     * {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, and a long value cut after
     * {@value #MAX_QUOTED_CHARACTERS} characters with its full length added.
     */
    public static String quote(String value) {
        StringBuilder b = new StringBuilder("'");
        int shown = Math.min(value.length(), MAX_QUOTED_CHARACTERS);
        if (shown < value.length() && Character.isHighSurrogate(value.charAt(shown - 1))) {
            shown--;
        }
        for (int i = 0; i < shown; i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(ch)) {
                        b.append(String.format("\\u%04X", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        b.append(shown < value.length() ? "…' (" + value.length() + " characters)" : "'");
        return b.toString();
    }
}
