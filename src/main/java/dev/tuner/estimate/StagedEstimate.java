package dev.tuner.estimate;

import dev.tuner.study.Stage;
import dev.tuner.tuning.Tuning;
import dev.tuner.tuning.TuningRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The estimate of a study run in {@code <stages>}: each searching stage is planned as the study {@code tune} runs for
 * it ({@code <study>:<stage>}, its trials, sampler, pruner and budgets; sanity at the smallest budget), and the figures
 * are their sums.
 *
 * <ul>
 *   <li>fine is priced over the configured space until its study exists: the space it searches is narrowed around the
 *   previous stage's best trials, which exist only once that stage ran (where cost buys quality the narrowed space is
 *   the costlier one); once tune has created fine's study, over the narrowed space it stored;</li>
 *   <li>the stages share one probe where they search the same space over the same budgets (coarse and fine), and the
 *   stages after the first are planned in a warm JVM, as {@code tune} runs them one after another;</li>
 *   <li>the range adds the stages' 10th and 90th percentiles: the stages are priced by one cost law, so their errors go
 *   together rather than cancel;</li>
 *   <li>refit is one training of the last stage's best on the tuning rows, priced as half that stage's held-out refits
 *   (the best trial's and the defaults').</li>
 * </ul>
 */
final class StagedEstimate {

    private StagedEstimate() {
    }

    static Estimate of(TuningRequest request, Estimator.Options options) throws Exception {
        Tuning.checkStages(request);
        Map<List<Object>, CalibrationProbe.Result> probes = new HashMap<>();
        List<Estimate> parts = new ArrayList<>();
        List<Estimate.StageEstimate> stages = new ArrayList<>();
        boolean warm = options.warmJvm();
        double refitSeconds = 0;
        for (Stage stage : request.options().stages()) {
            if (Stage.REFIT.equals(stage.getName())) {
                Estimate last = parts.get(parts.size() - 1);
                refitSeconds = last.phases() == null ? 0 : last.phases().heldOutRefits() / 2;
                stages.add(new Estimate.StageEstimate(stage.getName(), null, 0, 0, null, null, refitSeconds,
                        refitSeconds, refitSeconds));
                continue;
            }
            // Once tune has created a stage's study, the estimate plans it as stored (fine's narrowed space).
            TuningRequest r = Tuning.storedStageRequest(request, stage);
            Estimate e = Estimator.estimate(r, options.withWarmJvm(warm), probes);
            warm = true;
            parts.add(e);
            stages.add(new Estimate.StageEstimate(stage.getName(), r.study(), e.trials(), e.finishedTrials(),
                    r.sampler(), r.pruner(), e.expectedSeconds(), e.lowSeconds(), e.highSeconds()));
        }
        return combine(request, parts, stages, refitSeconds);
    }

    private static Estimate combine(TuningRequest request, List<Estimate> parts, List<Estimate.StageEstimate> stages,
                                    double refitSeconds) {
        Estimate first = parts.get(0);
        Estimate last = parts.get(parts.size() - 1);
        // The calibration of the first stage that searches every budget (coarse), else the first's.
        Estimate main = parts.stream().filter(p -> p.budgets().size() == last.budgets().size()).findFirst()
                .orElse(first);
        Set<String> samplers = new LinkedHashSet<>();
        Set<String> pruners = new LinkedHashSet<>();
        Set<String> methods = new LinkedHashSet<>();
        Set<String> notes = new LinkedHashSet<>();
        Map<Double, Estimate.BudgetRow> byBudget = new TreeMap<>();
        int trials = 0;
        int finished = 0;
        int remaining = 0;
        long planned = 0;
        double runs = 0;
        double stopped = 0;
        double expected = refitSeconds;
        double low = refitSeconds;
        double high = refitSeconds;
        long peak = 0;
        long database = 0;
        double cpuHours = 0;
        Double cost = null;
        double phaseTrials = 0;
        double phaseChoice = 0;
        double phaseRefits = refitSeconds;
        double phaseOther = 0;
        boolean defaultsTrial = false;
        for (Estimate p : parts) {
            samplers.add(p.sampler());
            pruners.add(p.pruner());
            methods.add(p.prunerMath());
            notes.addAll(p.notes());
            trials += p.trials();
            finished += p.finishedTrials();
            remaining += p.remainingTrials();
            planned += p.plannedRuns();
            runs += p.expectedRuns();
            stopped += p.expectedStopped();
            expected += p.expectedSeconds();
            low += p.lowSeconds();
            high += p.highSeconds();
            peak = Math.max(peak, p.peakMemoryBytes());
            database += p.databaseBytes();
            cpuHours += p.cpuHours();
            if (p.cost() != null) {
                cost = (cost == null ? 0.0 : cost) + p.cost();
            }
            defaultsTrial |= p.defaultsTrial();
            if (p.phases() != null) {
                phaseTrials += p.phases().trials();
                phaseChoice += p.phases().finalChoice();
                phaseRefits += p.phases().heldOutRefits();
                phaseOther += p.phases().other();
            }
            for (Estimate.BudgetRow row : p.budgets()) {
                byBudget.merge(row.budget(), row, StagedEstimate::add);
            }
        }
        notes.add("Stages planned one after another; fine is priced over the configured space until tune has narrowed"
                + " it around the previous stage's best trials, then over the narrowed space.");
        long disk = database + last.reportsBytes() + last.modelBytes();
        return new Estimate(request.study(), first.trainer(), String.join(", ", pruners),
                String.join(", ", samplers), trials, finished, remaining, first.folds(), first.jobs(), planned, runs,
                stopped, expected, low, high, peak, disk, database, last.reportsBytes(), last.modelBytes(),
                String.join(", ", methods), List.copyOf(byBudget.values()), main.calibration(), cpuHours, cost,
                last.fullCorpus(), first.origins(), first.warnings(), List.copyOf(notes),
                new Estimate.Phases(phaseTrials, phaseChoice, phaseRefits, phaseOther), defaultsTrial, stages);
    }

    /** Two stages' rows of one budget: their counts and seconds add up, seconds per run is their weighted mean. */
    private static Estimate.BudgetRow add(Estimate.BudgetRow a, Estimate.BudgetRow b) {
        double runs = a.expectedRuns() + b.expectedRuns();
        double perRun = runs > 0 ? (a.secondsPerRun() * a.expectedRuns() + b.secondsPerRun() * b.expectedRuns()) / runs
                : a.secondsPerRun();
        return new Estimate.BudgetRow(a.budget(), a.rows(), a.plannedRuns() + b.plannedRuns(),
                a.expectedTrials() + b.expectedTrials(), runs, a.expectedStopped() + b.expectedStopped(), perRun,
                a.seconds() + b.seconds());
    }
}
