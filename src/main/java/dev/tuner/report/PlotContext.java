package dev.tuner.report;

import dev.tuner.space.Distribution;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What every plot of the report draws from: the study, its parameters as numbers, and the parameter importance per
 * objective (computed once, as it fits a forest per objective), with the small HTML helpers plots share.
 */
final class PlotContext {
    static final double WIDTH = 960;
    /** How many of the most important parameters the contour and rank plots pair up. */
    static final int PAIRED_PARAMETERS = 3;

    final ReportData data;
    final ParameterEncoding encoding;
    /** Importance per objective, in objective order; an empty map when it could not be computed. */
    final List<Map<String, Double>> importance;
    /** Why importance is missing although there are enough trials, or null. */
    final String importanceProblem;

    PlotContext(ReportData data, List<Map<String, Double>> importance, String importanceProblem) {
        this.data = data;
        this.encoding = new ParameterEncoding(data);
        this.importance = importance;
        this.importanceProblem = importanceProblem;
    }

    StudyResult result() {
        return data.result();
    }

    ObjectiveSpec primary() {
        return data.objectives().get(0);
    }

    List<Trial> complete() {
        return result().trials().stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
    }

    /** Pruned trials that reported a finite value: drawn at the value of the last budget they reached. */
    List<Trial> pruned() {
        return result().trials().stream().filter(t -> t.state() == TrialState.PRUNED)
                .filter(t -> !t.intermediate().isEmpty() && Double.isFinite(t.intermediate().lastEntry().getValue()))
                .toList();
    }

    static double lastReported(Trial t) {
        return t.intermediate().lastEntry().getValue();
    }

    /**
     * The parameters the contour and rank plots pair: the {@value #PAIRED_PARAMETERS} most important for the first
     * objective, or the first ones in space order when importance is unknown.
     */
    List<String> mostImportant() {
        List<String> names = new ArrayList<>(data.parameterNames());
        Map<String, Double> first = importance.isEmpty() ? Map.of() : importance.get(0);
        if (!first.isEmpty()) {
            names.sort(Comparator.comparingDouble((String n) -> first.getOrDefault(n, 0.0)).reversed());
        }
        return names.subList(0, Math.min(PAIRED_PARAMETERS, names.size()));
    }

    /** Every pair of {@link #mostImportant()}, the most important first. */
    List<String[]> importantPairs() {
        List<String> top = mostImportant();
        List<String[]> pairs = new ArrayList<>();
        for (int a = 0; a < top.size(); a++) {
            for (int b = a + 1; b < top.size(); b++) {
                pairs.add(new String[]{top.get(a), top.get(b)});
            }
        }
        return pairs;
    }

    Axis axis(String name, List<Trial> trials) {
        Distribution d = data.distribution(name);
        double[] range = d != null ? new double[]{d.internalLow(), d.internalHigh()}
                : Frame.range(trials.stream().mapToDouble(t -> encoding.value(name, t.params().get(name))).toArray());
        return new Axis(name, encoding.categories(name), encoding.isLog(name), range);
    }

    /**
     * One parameter on a plot axis. Values are kept as the samplers see them (internal: log of a log range, index of
     * a choice) and drawn as the user wrote them: a log axis of real values, a choice at its index labelled with its
     * name.
     */
    record Axis(String name, List<String> categories, boolean log, double[] internalRange) {
        double internal(ParameterEncoding encoding, Trial t) {
            return encoding.value(name, t.params().get(name));
        }

        /** Internal value to the coordinate a {@link Frame} takes. */
        double plot(double internal) {
            return log ? Math.exp(internal) : internal;
        }

        /** The data range of a {@link Frame} for this axis; a choice gets half a step of room at each end. */
        double[] plotRange() {
            if (categories != null) {
                return new double[]{-0.5, categories.size() - 0.5};
            }
            return new double[]{plot(internalRange[0]), plot(internalRange[1])};
        }
    }

    /** The best and worst of the values in this objective's direction: {best, worst} (NaN when none is finite). */
    static double[] bestWorst(double[] values, Direction direction) {
        double[] r = Frame.range(values);
        boolean any = Arrays.stream(values).anyMatch(Double::isFinite);
        if (!any) {
            return new double[]{Double.NaN, Double.NaN};
        }
        return direction == Direction.MINIMIZE ? r : new double[]{r[1], r[0]};
    }

    static Tag section(String id, String heading, List<Tag> content) {
        Tag s = Tag.of("section").attr("id", id).add(Tag.of("h2").text(heading));
        content.forEach(s::add);
        return s;
    }

    static Tag note(String text) {
        return Tag.of("p").attr("class", "note").text(text);
    }

    static Tag empty(String text) {
        return Tag.of("p").attr("class", "empty").text(text);
    }

    static String objectiveLabel(ObjectiveSpec o) {
        return o.metric() + " (" + (o.direction() == Direction.MAXIMIZE ? "higher" : "lower") + " is better)";
    }

    static String describe(ObjectiveSpec o) {
        return o.metric() + " (" + o.direction().shortName() + ")";
    }

    static String format(Object v) {
        if (v instanceof Double d) {
            return Frame.label(d);
        }
        return v == null ? "" : v.toString();
    }
}
