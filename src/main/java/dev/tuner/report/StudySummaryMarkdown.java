package dev.tuner.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code summary.md}: the study in Markdown for a CI job page (GitHub's step summary, GitLab's job description),
 * rendered from what {@code best.json} holds so that the two never disagree: the best trial or the Pareto front,
 * the held-out rows against the trainer's defaults, the pruning savings and the estimate against the actual time.
 */
public final class StudySummaryMarkdown {
    /** The held-out metrics shown besides the objectives, when the study measured them. */
    private static final List<String> HELD_OUT_EXTRA = List.of("accuracy", "log-loss", "macro-f1", "auc", "rmse",
            "mae", "r2");

    private StudySummaryMarkdown() {
    }

    public static String render(JsonNode best) {
        StringBuilder md = new StringBuilder();
        JsonNode trials = best.path("trials");
        md.append("### tuner:tune: study `").append(best.path("study").asText()).append("`\n\n");
        md.append(String.format(Locale.ROOT, "%d trials finished of a target of %d (%d complete, %d pruned, %d failed;"
                        + " %d run by this build) in %.1f s.%n%n",
                trials.path("complete").asInt() + trials.path("pruned").asInt() + trials.path("failed").asInt(),
                trials.path("target").asInt(), trials.path("complete").asInt(), trials.path("pruned").asInt(),
                trials.path("failed").asInt(), trials.path("ranThisBuild").asInt(), best.path("seconds").asDouble()));
        List<String> objectives = new ArrayList<>();
        best.path("objectives").forEach(o -> objectives.add(o.path("metric").asText()));

        int infeasible = best.path("infeasibleTrials").asInt();
        if (best.has("paretoFront") && !best.path("paretoFront").isEmpty()) {
            paretoFront(md, best, objectives);
        } else if (best.path("best").isObject()) {
            bestTrial(md, best.path("best"), objectives, measuredOn(best));
            finalChoice(md, best.path("finalChoice"));
        } else if (infeasible > 0) {
            // Complete trials that break a constraint are no best and no Pareto trial, but they did complete.
            md.append(String.format(Locale.ROOT, "No %s: %d of the %d complete trials break a `<constraint>` (they"
                            + " are in `trials.csv`).%n%n", best.has("paretoFront") ? "Pareto front" : "best trial",
                    infeasible, trials.path("complete").asInt()));
        } else {
            md.append("No trial completed.\n\n");
        }
        heldOut(md, best.path("heldOut"), objectives);
        JsonNode budget = best.path("budgetSpent");
        if (budget.isObject() && budget.path("fraction").asDouble() < 1.0 && budget.path("withoutPruning").asLong() > 0) {
            md.append(String.format(Locale.ROOT, "**Pruning** spent %s full trainings where the same trials without"
                            + " pruning would have spent %d (%.0f%%).%n%n", number(budget.path("fullTrainings")),
                    budget.path("withoutPruning").asLong(), 100 * budget.path("fraction").asDouble()));
        }
        JsonNode estimate = best.path("estimate");
        if (estimate.isObject() && estimate.has("expectedSeconds")) {
            md.append(String.format(Locale.ROOT, "**Estimate** %.1f s expected, %.1f s taken (%.2fx).%n",
                    estimate.path("expectedSeconds").asDouble(), estimate.path("actualSeconds").asDouble(),
                    estimate.path("actualOverExpected").asDouble()));
            phases(md, estimate.path("phases"));
        }
        return md.toString();
    }

    /** Where the seconds went, beside the estimate's split of its forecast (a mean, so not the headline figure). */
    private static void phases(StringBuilder md, JsonNode phases) {
        if (!phases.isObject()) {
            return;
        }
        md.append("\n| phase | expected s (mean) | taken s |\n| --- | ---: | ---: |\n");
        for (String[] phase : new String[][]{{"trials", "trials"}, {"finalChoice", "final choice"},
                {"heldOutRefits", "held-out refits"}, {"other", "other (data, reports)"}}) {
            JsonNode p = phases.path(phase[0]);
            JsonNode expected = p.path("expectedSeconds");
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f |%n", phase[1],
                    expected.isNumber() ? String.format(Locale.ROOT, "%.1f", expected.asDouble()) : "-",
                    p.path("actualSeconds").asDouble()));
        }
    }

    /** How the trials' values were measured: one validation split ({@code <folds>1</folds>}) or several folds. */
    private static String measuredOn(JsonNode best) {
        return best.path("folds").asInt() == 1 ? "on the validation split" : "cross-validated";
    }

    private static void bestTrial(StringBuilder md, JsonNode trial, List<String> objectives, String measuredOn) {
        md.append("**Best trial #").append(trial.path("number").asInt()).append("**, ").append(measuredOn);
        for (String o : objectives) {
            md.append(' ').append(o).append(' ').append(number(trial.path("values").path(o)));
        }
        md.append("\n\n| parameter | value |\n| --- | --- |\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = trial.path("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            md.append("| ").append(p.getKey()).append(" | ").append(value(p.getValue())).append(" |\n");
        }
        md.append('\n');
    }

    /**
     * When re-scoring on more folds picked another trial than the study's own best, the best trial's value above is
     * not the highest in the study: say why it was chosen, as the log does.
     */
    private static void finalChoice(StringBuilder md, JsonNode choice) {
        if (!choice.path("changed").asBoolean()) {
            return;
        }
        JsonNode chosen = null;
        JsonNode studyBest = null;
        for (JsonNode c : choice.path("candidates")) {
            if (c.path("number").asInt() == choice.path("chosen").asInt()) {
                chosen = c;
            } else if (c.path("number").asInt() == choice.path("studyBest").asInt()) {
                studyBest = c;
            }
        }
        if (chosen == null || studyBest == null) {
            return;
        }
        String metric = choice.path("metric").asText();
        int repeats = choice.path("repeats").asInt();
        int folds = choice.path("folds").asInt();
        String plural = repeats == 1 ? "" : "s";
        String evidence = folds == 1 ? repeats + " new validation split" + plural
                : repeats + " new cross-validation" + plural + " of " + folds + " folds";
        md.append(String.format(Locale.ROOT, "Chosen on %s, folds that took no part in ranking the trials: %s %s,"
                        + " against %s for #%d, the study's best by its own folds (%s there).%n%n", evidence, metric,
                number(chosen.path("repeats")), number(studyBest.path("repeats")), studyBest.path("number").asInt(),
                number(studyBest.path("study"))));
    }

    private static void paretoFront(StringBuilder md, JsonNode best, List<String> objectives) {
        JsonNode front = best.path("paretoFront");
        md.append("**Pareto front**: ").append(front.size()).append(" trial(s), ").append(measuredOn(best))
                .append("\n\n| trial |");
        objectives.forEach(o -> md.append(' ').append(o).append(" |"));
        md.append(" parameters |\n| ---: |");
        objectives.forEach(o -> md.append(" ---: |"));
        md.append(" --- |\n");
        for (JsonNode t : front) {
            md.append("| #").append(t.path("number").asInt()).append(" |");
            objectives.forEach(o -> md.append(' ').append(number(t.path("values").path(o))).append(" |"));
            List<String> params = new ArrayList<>();
            t.path("params").fields().forEachRemaining(p -> params.add(p.getKey() + "=" + value(p.getValue())));
            md.append(' ').append(String.join(", ", params)).append(" |\n");
        }
        md.append('\n');
    }

    private static void heldOut(StringBuilder md, JsonNode heldOut, List<String> objectives) {
        JsonNode tuned = heldOut.path("tuned");
        JsonNode defaults = heldOut.path("defaults");
        if (!tuned.isObject() || !defaults.isObject()) {
            return;
        }
        List<String> metrics = new ArrayList<>(objectives);
        HELD_OUT_EXTRA.stream().filter(m -> !metrics.contains(m) && tuned.has(m)).forEach(metrics::add);
        md.append("**Held-out rows** (").append(heldOut.path("rows").asInt())
                .append(", never seen by tuning): best trial refit against the trainer's defaults\n\n")
                .append("| metric | defaults | tuned | change |\n| --- | ---: | ---: | ---: |\n");
        for (String m : metrics) {
            if (!tuned.has(m) || !defaults.has(m)) {
                continue;
            }
            double t = tuned.path(m).asDouble();
            double d = defaults.path(m).asDouble();
            md.append("| ").append(m).append(" | ").append(number(defaults.path(m))).append(" | ")
                    .append(number(tuned.path(m))).append(" | ")
                    .append(String.format(Locale.ROOT, "%+.4f", t - d)).append(" |\n");
        }
        md.append('\n');
    }

    private static String number(JsonNode n) {
        if (!n.isNumber()) {
            return "n/a";
        }
        double x = n.asDouble();
        if (x != 0 && Math.abs(x) < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", x);
        }
        return String.format(Locale.ROOT, "%.4f", x).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String value(JsonNode v) {
        return v.isNumber() && !v.isIntegralNumber() ? number(v) : v.asText();
    }
}
