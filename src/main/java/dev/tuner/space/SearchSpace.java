package dev.tuner.space;

import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.OptionalLong;

/** Named distributions, in a stable (sorted by name) order so that fingerprints and Sobol dimensions are stable. */
public final class SearchSpace {
    private final Map<String, Distribution> distributions;
    /** The choice parameter that switches prefixed parameters on and off, or null (see {@link #conditionalOn}). */
    private final String switchParameter;

    public SearchSpace(Map<String, Distribution> distributions) {
        this(distributions, null);
    }

    private SearchSpace(Map<String, Distribution> distributions, String switchParameter) {
        this.distributions = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(distributions)));
        this.switchParameter = switchParameter;
    }

    /**
     * The same space made conditional on the choice parameter {@code parameter}: a parameter named
     * {@code <value>.<name>}, where {@code <value>} is one of that parameter's choices, is active only in trials that
     * chose {@code <value>} (model choice: {@code trainer = choice(xgboost, logistic)} with {@code xgboost.eta}).
     * Samplers draw every parameter and the engine keeps the active ones ({@link #activeOnly}), so a trial stores
     * only the parameters that shaped it, and TPE's per-parameter densities are fitted on the trials where the
     * parameter was active.
     */
    public SearchSpace conditionalOn(String parameter) {
        if (!(distributions.get(parameter) instanceof CategoricalDistribution)) {
            throw new IllegalArgumentException("'" + parameter + "' is not a choice parameter of " + this);
        }
        return new SearchSpace(distributions, parameter);
    }

    /** The switch parameter of a conditional space, or null. */
    public String switchParameter() {
        return switchParameter;
    }

    /** Whether {@code name} is active in a trial with {@code params} (always, outside a conditional space). */
    public boolean isActive(String name, Map<String, Object> params) {
        if (switchParameter == null) {
            return true;
        }
        String owner = ownerOf(name);
        return owner == null || owner.equals(String.valueOf(params.get(switchParameter)));
    }

    /** The choice of the switch parameter that {@code name} belongs to, or null for an unconditional parameter. */
    public String ownerOf(String name) {
        if (switchParameter == null || name.equals(switchParameter)) {
            return null;
        }
        int dot = name.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String prefix = name.substring(0, dot);
        return ((CategoricalDistribution) distributions.get(switchParameter)).choices().contains(prefix)
                ? prefix : null;
    }

    /** {@code params} without the parameters inactive under its own choice of the switch parameter. */
    public Map<String, Object> activeOnly(Map<String, Object> params) {
        if (switchParameter == null) {
            return params;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (isActive(k, params)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * Values written as text (an {@code <enqueue>}d trial, {@code <params>}) as the samplers store them: Double for
     * floats, Long for ints, the text for choices; each checked against its distribution.
     *
     * @param where the setting the values come from, for the error message
     */
    public Map<String, Object> coerce(Map<String, String> values, Setting where) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((name, text) -> {
            Distribution d = distributions.get(name);
            if (d == null) {
                throw new InvalidSettingException(where.child(name), null, "not a parameter of the search space "
                        + names());
            }
            String t = text == null ? "" : text.strip();
            Object value;
            try {
                value = d instanceof FloatDistribution ? (Object) Double.parseDouble(t)
                        : d instanceof IntDistribution ? (Object) Long.parseLong(t) : t;
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(where.child(name), t, "not a number");
            }
            if (!d.contains(value)) {
                throw new InvalidSettingException(where.child(name), t, "outside " + d.describe());
            }
            out.put(name, value);
        });
        return out;
    }

    /**
     * The same space with each of {@code values} (Double, Long or String) fixed: a one-point distribution that every
     * sampler can only draw that value from, added when the space lacks the parameter. Pinned parameters thus stay
     * fixed whatever the sampler, are stored with each trial, and count in the study's fingerprint.
     */
    public SearchSpace withFixed(Map<String, Object> values) {
        Map<String, Distribution> out = new TreeMap<>(distributions);
        values.forEach((name, value) -> out.put(name, value instanceof Double d ? new FloatDistribution(d, d, false)
                : value instanceof Long l ? new IntDistribution(l, l, 1, false)
                : new CategoricalDistribution(List.of(String.valueOf(value)))));
        return new SearchSpace(out, switchParameter);
    }

    /** The parameters that can take a single value only (pinned ones, or a one-value range), with that value. */
    public Map<String, Object> fixedValues() {
        Map<String, Object> out = new LinkedHashMap<>();
        distributions.forEach((name, d) -> {
            if (d instanceof FloatDistribution f && f.low() == f.high()) {
                out.put(name, f.low());
            } else if (d instanceof IntDistribution i && i.size() == 1) {
                out.put(name, i.low());
            } else if (d instanceof CategoricalDistribution c && c.choices().size() == 1) {
                out.put(name, c.choices().get(0));
            }
        });
        return out;
    }

    /**
     * Refuses a written {@code <searchSpace>} in which every entry is one value ({@code 3}, {@code int(3, 3)},
     * {@code choice(gini)}): a study of it would measure one configuration once per trial. An empty space is not
     * refused (the trainer's suggested space stands in for it).
     */
    public static void requireFreeParameter(Map<String, String> entries) {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        SearchSpace space = parse(entries);
        Map<String, Object> fixed = space.fixedValues();
        if (fixed.size() == space.size()) {
            throw new InvalidSettingException("searchSpace", null, "holds one value for each of its parameters "
                    + fixed + ": nothing is left to tune (give one a range, for example int(2, 10) or"
                    + " choice(gini, entropy); or pin them with <params> and skip tune with -Dtuner.tune.skip)");
        }
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

    /**
     * How many distinct configurations the space holds when it is finite (choices and ints only, no condition);
     * empty for a space with a float or a condition. Saturates at {@link Long#MAX_VALUE}.
     */
    public OptionalLong distinctPoints() {
        if (switchParameter() != null) {
            return OptionalLong.empty();
        }
        long points = 1;
        for (Distribution d : distributions.values()) {
            long n;
            if (d instanceof CategoricalDistribution c) {
                n = c.choices().size();
            } else if (d instanceof IntDistribution i) {
                n = i.size();
            } else {
                return OptionalLong.empty();
            }
            points = n != 0 && points > Long.MAX_VALUE / n ? Long.MAX_VALUE : points * n;
        }
        return OptionalLong.of(points);
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
