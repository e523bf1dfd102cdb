package dev.tuner.tuning;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.config.Setting;
import dev.tuner.sampler.Sampler;
import dev.tuner.sampler.Samplers;
import dev.tuner.sampler.SweepSampler;
import dev.tuner.space.SearchSpace;
import dev.tuner.study.CarryOver;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.files.Sha256;
import dev.tuner.study.Study;
import dev.tuner.study.StudyListener;
import dev.tuner.study.StudySettings;
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
     * pinned parameters at their values. A trainer's study (a cross-validated metric, {@code objective} not null) gets
     * the {@code auto} of an estimated objective ({@link Samplers#create(String, boolean)}).
     */
    static Sampler sampler(TuningRequest request, SearchSpace space, TribuoObjective objective) {
        String name = request.sampler() == null ? "" : request.sampler().strip().toLowerCase(Locale.ROOT);
        if (!name.equals("sweep")) {
            return Samplers.create(request.sampler(), objective != null);
        }
        Map<String, Object> baseline = new LinkedHashMap<>(space.fixedValues());
        if (!request.options().sweepBaseline().isEmpty()) {
            Map<String, String> inSpace = new LinkedHashMap<>();
            request.options().sweepBaseline().forEach((k, v) -> {
                if (!space.fixedValues().containsKey(k)) {
                    inSpace.put(k, v);
                }
            });
            baseline.putAll(space.coerce(inSpace, Setting.of("sweepBaseline")));
        } else if (objective != null) {
            objective.trainer().storedDefaults().forEach((k, v) -> {
                if (space.names().contains(k)) {
                    baseline.putIfAbsent(k, v);
                }
            });
        }
        return new SweepSampler(baseline, request.options().maxVariants());
    }

    /** The sections of best.json around the study, and the build log's lines about them. */
    record Report(TuningReport sections, List<String> lines) {
    }

    /**
     * The constraints' count of infeasible trials, the sweep's comparison, and with several objectives the Pareto
     * set's top-k (re-evaluated on the held-out rows by {@code heldOutBy}, when not null) and its hypervolume.
     */
    static Report report(TuningRequest request, SearchSpace space, StudyResult result, Sampler sampler,
                         TribuoObjective heldOutBy, TuningReport.HeldOut heldOut) {
        List<ObjectiveSpec> objectives = result.objectives();
        List<String> summary = new ArrayList<>();
        Long infeasible = null;
        if (!result.constraints().isEmpty()) {
            summary.add("Constraints " + result.constraints() + ": " + result.infeasible()
                    + " complete trial(s) infeasible, left out of best, Pareto set and top-k");
            infeasible = result.infeasible();
        }
        SweepSampler.Comparison sweepComparison = null;
        if (sampler instanceof SweepSampler sweep) {
            sweepComparison = sweep.compare(space, result.trials(), objectives);
            sweepLines(sweepComparison, summary);
        }
        List<TuningReport.ParetoPick> picks = null;
        TuningReport.Hypervolume hypervolume = null;
        if (objectives.size() > 1) {
            List<Trial> front = result.paretoFront();
            picks = new ArrayList<>();
            for (Trial t : ParetoFront.topK(front, objectives, request.options().topK())) {
                Map<String, Double> cv = new LinkedHashMap<>();
                for (int i = 0; i < objectives.size(); i++) {
                    cv.put(objectives.get(i).metric(), t.values().get(i));
                }
                Map<String, Double> out = null;
                if (heldOutBy != null) {
                    Map<String, Double> held = heldOutBy.evaluateHeldOut(t.params());
                    out = new LinkedHashMap<>();
                    for (ObjectiveSpec o : objectives) {
                        out.put(o.metric(), held.getOrDefault(o.metric(), Double.NaN));
                    }
                }
                picks.add(new TuningReport.ParetoPick(t.number(), t.params(), cv, out));
                summary.add("Pareto #" + t.number() + " " + cv + (out != null ? " held-out " + out : "") + " "
                        + t.params());
            }
            if (!front.isEmpty()) {
                List<double[]> losses = front.stream().map(t -> ParetoFront.losses(t, objectives)).toList();
                double[] reference = ParetoFront.referencePoint(losses);
                hypervolume = new TuningReport.Hypervolume(ParetoFront.hypervolume(losses, reference), reference);
            }
        }
        return new Report(new TuningReport(null, heldOut, infeasible, sweepComparison, picks, hypervolume, null, null),
                summary);
    }

    private static void sweepLines(SweepSampler.Comparison comparison, List<String> summary) {
        if (comparison.baseline() == null) {
            summary.add("Sweep: the baseline did not complete; no change to report");
            return;
        }
        summary.add("Sweep baseline #" + comparison.baseline().number() + ": " + comparison.baseline().values());
        for (SweepSampler.Variant v : comparison.variants()) {
            StringBuilder line = new StringBuilder("Sweep #" + v.number() + " " + v.changed() + ": ");
            if (v.changePercent() == null) {
                line.append(v.state());
            } else {
                v.changePercent().forEach((m, p) -> line.append(String.format(Locale.ROOT, "%s %+.2f%% ", m, p)));
            }
            summary.add(line.toString().strip());
        }
    }

    /** A new study started from the fitting trials of {@code from} ({@code <carryTrialsFrom>}); see {@link CarryOver}. */
    static void carryOver(dev.tuner.storage.JdbcStudyStorage storage, String from, Study study, StudySettings settings,
                          Map<String, Object> defaults, StudyListener listener) {
        if (from.equals(settings.name())) {
            throw new InvalidSettingException("carryTrialsFrom", from, "names the study itself; give the new"
                    + " configuration another {study} name");
        }
        String description = study.description();
        dev.tuner.storage.StudyRecord record = new dev.tuner.storage.StudyRecord(0, settings.name(),
                Sha256.hex(description), description, settings.directions());
        CarryOver.Outcome outcome = CarryOver.intoNewStudy(storage, storage.location(), from, record, settings.space(),
                defaults);
        CarryOver.describe(from, settings.name(), outcome).forEach(listener::info);
    }

    /** The settings with their target moved to {@code more} trials beyond those the study has finished now. */
    static StudySettings extended(dev.tuner.storage.StudyStorage storage, StudySettings s, int more,
                                  StudyListener listener) {
        int target = dev.tuner.storage.StudyCatalog.extendedTarget(storage, s.name(), more);
        // Named as settings, not as POM elements: the value may come from -Dtuner.moreTrials as well.
        listener.info("Study '" + s.name() + "': moreTrials=" + more + " sets the target to " + target
                + " (trials=" + s.trials() + " ignored)");
        return new StudySettings(s.name(), s.description(), s.space(), s.objectives(), target, s.budgets(), s.folds(),
                s.jobs(), s.seed(), s.trialTimeout(), s.constraints(), s.enqueued());
    }
}
