package dev.tuner.trial;

import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One objective of a study: a metric name and its direction. */
public record ObjectiveSpec(String metric, Direction direction) {
    /** One entry of the objectives setting. */
    public static final Setting OBJECTIVE = Setting.of("objectives", "objective");

    /**
     * Parses {@code accuracy}, {@code model-size:min} or {@code my-score:max}. Without a suffix the direction
     * comes from {@link MetricDirections}; an unknown metric without a suffix is an error, because guessing a
     * direction silently would optimize the wrong way.
     */
    public static ObjectiveSpec parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw new InvalidSettingException(OBJECTIVE, null, "is empty");
        }
        int colon = s.lastIndexOf(':');
        if (colon > 0) {
            String name = s.substring(0, colon).strip();
            String dir = s.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            return switch (dir) {
                case "min", "minimize" -> new ObjectiveSpec(name, Direction.MINIMIZE);
                case "max", "maximize" -> new ObjectiveSpec(name, Direction.MAXIMIZE);
                default -> throw new InvalidSettingException(OBJECTIVE, s, "direction '" + dir
                        + "' is neither min nor max");
            };
        }
        Direction d = MetricDirections.directionOf(s);
        if (d == null) {
            throw new InvalidSettingException(OBJECTIVE, s, "unknown metric; known metrics are "
                    + MetricDirections.known() + ", or write '" + s + ":min' / '" + s + ":max' for a metric of your own objective");
        }
        return new ObjectiveSpec(s, d);
    }

    /**
     * Parses every {@code <objective>}, refusing a metric listed twice ({@code accuracy} with {@code accuracy:min}):
     * a study optimizes each metric once, in one direction.
     */
    public static List<ObjectiveSpec> parseAll(List<String> texts) {
        List<ObjectiveSpec> out = new ArrayList<>();
        Map<String, String> written = new LinkedHashMap<>();
        for (String text : texts) {
            ObjectiveSpec spec = parse(text);
            String earlier = written.putIfAbsent(spec.metric(), text.strip());
            if (earlier != null) {
                throw new InvalidSettingException("objectives", null, "metric '" + spec.metric() + "' is listed twice ("
                        + earlier + " and " + text.strip() + "); a study optimizes each metric once, in one direction");
            }
            out.add(spec);
        }
        return out;
    }

    /**
     * A warning when the suffix turns a metric of known direction the wrong way round ({@code rmse:max},
     * {@code accuracy:min}): the study then searches for the worst models, which an override never means to do.
     */
    public Optional<String> reversedWarning() {
        Direction known = MetricDirections.directionOf(metric);
        if (known == null || known == direction) {
            return Optional.empty();
        }
        return Optional.of("<objectives><objective>" + this + "</objective> " + (direction == Direction.MAXIMIZE
                ? "maximizes" : "minimizes") + " " + metric + ", which is better " + (known == Direction.MINIMIZE
                ? "lower" : "higher") + ": the study searches for the worst models; write " + metric
                + " to take its own direction");
    }

    @Override
    public String toString() {
        return metric + ":" + direction.shortName();
    }
}
