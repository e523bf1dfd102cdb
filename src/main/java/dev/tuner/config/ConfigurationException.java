package dev.tuner.config;

/**
 * The user's configuration is wrong: the build tool reports it as the user's mistake, in one line, without a stack
 * trace. Everything else the engine throws is ours.
 *
 * <p>The problem text never spells a setting the way a build tool writes it; it refers to other settings as
 * {@code {dataset/testFraction}} ({@link #reference}), and {@link #problem()} keeps those references so that the
 * build tool can write each in its own syntax. {@link #getMessage()} reads them as plain paths.
 *
 * <p>It is an {@link IllegalArgumentException} because it is one: the argument came from the user.
 */
public class ConfigurationException extends IllegalArgumentException {
    private final String problem;

    public ConfigurationException(String problem) {
        this(problem, null);
    }

    public ConfigurationException(String problem, Throwable cause) {
        super(plain(problem), cause);
        this.problem = problem;
    }

    /** What is wrong, with references to settings in the form {@link #reference} writes. */
    public String problem() {
        return problem;
    }

    /** A setting named inside a problem text: {@code {a/b}}. */
    public static String reference(Setting setting) {
        return "{" + setting + "}";
    }

    /** A top-level setting named inside a problem text. */
    public static String reference(String topLevel) {
        return reference(Setting.of(topLevel));
    }

    static String plain(String problem) {
        StringBuilder out = new StringBuilder();
        for (References.Part p : References.parse(problem)) {
            out.append(p.setting() == null ? p.text() : p.setting().toString());
        }
        return out.toString();
    }
}
