package dev.tuner.tuning;

import dev.tuner.sampler.Sampler;
import dev.tuner.sampler.Samplers;
import dev.tuner.sampler.SweepSampler;
import dev.tuner.space.SearchSpace;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.ParetoFront;
import dev.tuner.study.StudyResult;
import dev.tuner.trial.Trial;

import dev.tuner.tribuo.TribuoObjective;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Tuning} adds around a study of several objectives, constraints or a sweep: the sweep's baseline, the
 * Pareto set's top-k re-evaluated on the held-out rows, and the sweep's change against the baseline.
 */
final class TuningExtras {
    private TuningExtras() {
    }

    /**
     * The sampler; {@code sweep} gets its baseline: {@code <sweepBaseline>}, else the trainer's defaults, with the
     * pinned parameters at their values.
     */
    static Sampler sampler(TuningRequest request, SearchSpace space, TribuoObjective objective) {
        String name = request.sampler() == null ? "" : request.sampler().strip().toLowerCase(Locale.ROOT);
        if (!name.equals("sweep")) {
            return Samplers.create(request.sampler());
        }
        Map<String, Object> baseline = new LinkedHashMap<>(space.fixedValues());
        if (!request.options().sweepBaseline().isEmpty()) {
            Map<String, String> inSpace = new LinkedHashMap<>();
            request.options().sweepBaseline().forEach((k, v) -> {
                if (!space.fixedValues().containsKey(k)) {
                    inSpace.put(k, v);
                }
            });
            baseline.putAll(space.coerce(inSpace, "<sweepBaseline>"));
        } else if (objective != null) {
            objective.trainer().storedDefaults().forEach((k, v) -> {
                if (space.names().contains(k)) {
                    baseline.putIfAbsent(k, v);
                }
            });
        }
        return new SweepSampler(baseline, request.options().maxVariants());
    }

    static void report(TuningRequest request, SearchSpace space, StudyResult result, Sampler sampler,
                       TribuoObjective objective, int heldOutRows, Map<String, Object> extras, List<String> summary) {
        List<ObjectiveSpec> objectives = result.objectives();
        if (!result.constraints().isEmpty()) {
            summary.add("Constraints " + result.constraints() + ": " + result.infeasible()
                    + " complete trial(s) infeasible, left out of best, Pareto set and top-k");
            extras.put("infeasibleTrials", result.infeasible());
        }
        if (sampler instanceof SweepSampler sweep) {
            Map<String, Object> report = sweep.report(space, result.trials(), objectives);
            extras.put("sweep", report);
            sweepLines(report, summary);
        }
        if (objectives.size() > 1) {
            List<Trial> front = result.paretoFront();
            List<Trial> chosen = ParetoFront.topK(front, objectives, request.options().topK());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Trial t : chosen) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("number", t.number());
                row.put("params", t.params());
                Map<String, Double> cv = new LinkedHashMap<>();
                for (int i = 0; i < objectives.size(); i++) {
                    cv.put(objectives.get(i).metric(), t.values().get(i));
                }
                row.put("crossValidated", cv);
                if (objective != null && heldOutRows > 0) {
                    Map<String, Double> held = objective.evaluateHeldOut(t.params());
                    Map<String, Double> out = new LinkedHashMap<>();
                    for (ObjectiveSpec o : objectives) {
                        out.put(o.metric(), held.getOrDefault(o.metric(), Double.NaN));
                    }
                    row.put("heldOut", out);
                }
                rows.add(row);
                summary.add("Pareto #" + t.number() + " " + cv + (row.containsKey("heldOut")
                        ? " held-out " + row.get("heldOut") : "") + " " + t.params());
            }
            extras.put("paretoTopK", rows);
            if (!front.isEmpty()) {
                List<double[]> losses = front.stream().map(t -> ParetoFront.losses(t, objectives)).toList();
                double[] reference = ParetoFront.referencePoint(losses);
                extras.put("hypervolume", Map.of("value", ParetoFront.hypervolume(losses, reference),
                        "referenceLosses", reference));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void sweepLines(Map<String, Object> report, List<String> summary) {
        if (report.isEmpty()) {
            summary.add("Sweep: the baseline did not complete; no change to report");
            return;
        }
        Map<String, Object> base = (Map<String, Object>) report.get("baseline");
        summary.add("Sweep baseline #" + base.get("number") + ": " + base.get("values"));
        for (Map<String, Object> v : (List<Map<String, Object>>) report.get("variants")) {
            StringBuilder line = new StringBuilder("Sweep #" + v.get("number") + " " + v.get("changed") + ": ");
            Map<String, Double> percent = (Map<String, Double>) v.get("changePercent");
            if (percent == null) {
                line.append(v.get("state"));
            } else {
                percent.forEach((m, p) -> line.append(String.format(Locale.ROOT, "%s %+.2f%% ", m, p)));
            }
            summary.add(line.toString().strip());
        }
    }
}
