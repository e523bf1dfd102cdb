package dev.tuner.space;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Named distributions, in a stable (sorted by name) order so that fingerprints and Sobol dimensions are stable. */
public final class SearchSpace {
    private final Map<String, Distribution> distributions;

    public SearchSpace(Map<String, Distribution> distributions) {
        this.distributions = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(distributions)));
    }

    /** Parses the {@code <searchSpace>} map (parameter name to distribution text). */
    public static SearchSpace parse(Map<String, String> entries) {
        Map<String, Distribution> parsed = new TreeMap<>();
        if (entries != null) {
            entries.forEach((name, text) -> parsed.put(name, SearchSpaceParser.parse(name, text)));
        }
        return new SearchSpace(parsed);
    }

    public Map<String, Distribution> distributions() {
        return distributions;
    }

    public Set<String> names() {
        return distributions.keySet();
    }

    public Distribution get(String name) {
        return distributions.get(name);
    }

    public int size() {
        return distributions.size();
    }

    public boolean isEmpty() {
        return distributions.isEmpty();
    }

    /** The space as the user would write it, used in fingerprints and reports. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        distributions.forEach((k, v) -> out.put(k, v.describe()));
        return out;
    }

    @Override
    public String toString() {
        return describe().toString();
    }
}
