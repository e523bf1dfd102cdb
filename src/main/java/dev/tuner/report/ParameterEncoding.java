package dev.tuner.report;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.trial.Trial;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Parameters as numbers, the way the samplers see them: floats and ints as they are (their logarithm for log
 * ranges), choices as their index. Without a stored space, numbers stay numbers and other values get the index of
 * their sorted distinct values.
 */
final class ParameterEncoding {
    private final ReportData data;
    private final Map<String, List<String>> levels = new TreeMap<>();

    ParameterEncoding(ReportData data) {
        this.data = data;
        for (String name : data.parameterNames()) {
            if (data.distribution(name) == null) {
                TreeSet<String> distinct = new TreeSet<>();
                data.result().trials().forEach(t -> {
                    Object v = t.params().get(name);
                    if (v != null && !(v instanceof Number)) {
                        distinct.add(v.toString());
                    }
                });
                levels.put(name, new ArrayList<>(distinct));
            }
        }
    }

    double[] row(Trial t) {
        List<String> names = data.parameterNames();
        double[] row = new double[names.size()];
        for (int j = 0; j < names.size(); j++) {
            row[j] = value(names.get(j), t.params().get(names.get(j)));
        }
        return row;
    }

    double value(String name, Object v) {
        if (v == null) {
            return Double.NaN;
        }
        Distribution d = data.distribution(name);
        if (d != null) {
            try {
                return d.toInternal(v);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return levels.getOrDefault(name, List.of()).indexOf(v.toString());
    }

    /** The choices of a categorical parameter (axis labels), or null for a numeric one. */
    List<String> categories(String name) {
        Distribution d = data.distribution(name);
        if (d instanceof CategoricalDistribution c) {
            return c.choices();
        }
        List<String> l = levels.get(name);
        return l == null || l.isEmpty() ? null : l;
    }

    /** Whether the parameter is drawn on a log scale. */
    boolean isLog(String name) {
        Distribution d = data.distribution(name);
        return d instanceof dev.tuner.space.FloatDistribution f && f.log()
                || d instanceof dev.tuner.space.IntDistribution i && i.log();
    }
}
