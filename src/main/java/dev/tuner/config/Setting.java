package dev.tuner.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A setting of the plugin, named by its path of configuration names from the top ({@code trials};
 * {@code stages, stage, trials}; {@code searchSpace, xgboost.eta}). The engine names settings this way only; how a
 * path is written for the user (an XML element, a property) is the build tool's business.
 *
 * @param path names from the top-level setting down, never empty
 */
public record Setting(List<String> path) {

    public Setting {
        path = List.copyOf(path);
        if (path.isEmpty() || path.stream().anyMatch(n -> n == null || n.isBlank())) {
            throw new IllegalArgumentException("a setting needs a path of non-blank names, got " + path);
        }
    }

    public static Setting of(String first, String... rest) {
        List<String> path = new ArrayList<>();
        path.add(Objects.requireNonNull(first, "first"));
        path.addAll(List.of(rest));
        return new Setting(path);
    }

    /** The setting {@code name} inside this one. */
    public Setting child(String name) {
        List<String> path = new ArrayList<>(this.path);
        path.add(name);
        return new Setting(path);
    }

    /** The top-level setting, as a build tool declares it. */
    public String top() {
        return path.get(0);
    }

    /** The innermost name. */
    public String leaf() {
        return path.get(path.size() - 1);
    }

    /** Build-tool neutral form, {@code stages/stage/trials}, for messages read outside a build. */
    @Override
    public String toString() {
        return String.join("/", path);
    }
}
