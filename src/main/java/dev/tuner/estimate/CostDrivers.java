package dev.tuner.estimate;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.SearchSpace;
import dev.tuner.tribuo.TrainerChoice;
import dev.tuner.tribuo.TrainerDefinition;
import dev.tuner.tuning.TribuoSetup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What scales one run's training time besides its rows, for the {@link CostModel}: the trainer definitions know
 * their drivers ({@code TunableTrainer.costDrivers}); this is the estimate's view of them.
 */
@FunctionalInterface
interface CostDrivers {

    /** No driver known: time is a function of rows only. */
    CostDrivers NONE = (params, rows) -> List.of();

    /** The drivers of a run with these (trial) parameters on {@code rows} training rows. */
    List<CostModel.Driver> of(Map<String, Object> params, int rows);

    /**
     * The drivers of the study's trainer; for a model choice, those of the trial's chosen trainer under its name as
     * prefix, plus one driver per trainer (neutral prior) so that the model can learn how their costs differ.
     */
    static CostDrivers of(TribuoSetup setup, int classes) {
        return withCategories(declared(setup, classes), setup.space());
    }

    /**
     * {@code declared} plus, for each choice of the space (but the trainer of a model choice, which has its own), one
     * driver per value: {@code e} when the configuration takes it, else 1, with a neutral prior. A trainer declares
     * the choices it knows to cost (a polynomial kernel, dart); others may too (a linear kernel that converges slowly,
     * a solver, an optimiser, a distance), and with these drivers the probe spreads its draws over the values
     * ({@link ProbeDraws}) and the model learns what each costs, shrunk towards nothing.
     */
    static CostDrivers withCategories(CostDrivers declared, SearchSpace space) {
        Map<String, List<String>> choices = new LinkedHashMap<>();
        space.distributions().forEach((name, distribution) -> {
            if (distribution instanceof CategoricalDistribution c && c.choices().size() > 1
                    && !name.equals(TrainerChoice.PARAMETER)) {
                choices.put(name, c.choices());
            }
        });
        if (choices.isEmpty()) {
            return declared;
        }
        return (params, rows) -> {
            List<CostModel.Driver> out = new ArrayList<>(declared.of(params, rows));
            choices.forEach((name, values) -> {
                Object taken = params.get(name);
                for (String value : values) {
                    boolean isTaken = taken != null && String.valueOf(taken).equals(value);
                    out.add(new CostModel.Driver(name + "=" + value, isTaken ? Math.E : 1, 0));
                }
            });
            return out;
        };
    }

    /**
     * {@code drivers} without those that take one value in every one of {@code configurations} at every one of
     * {@code rowCounts}: such a driver multiplies every run alike, so the model's intercept holds it, and the fit
     * keeps its prior exponent without any run to test it against.
     */
    static CostDrivers withoutConstant(CostDrivers drivers, List<Map<String, Object>> configurations,
                                       int[] rowCounts) {
        Map<String, Double> seen = new LinkedHashMap<>();
        Map<String, Integer> present = new LinkedHashMap<>();
        Set<String> varying = new HashSet<>();
        int evaluations = 0;
        for (Map<String, Object> configuration : configurations) {
            for (int rows : rowCounts) {
                evaluations++;
                for (CostModel.Driver d : drivers.of(configuration, rows)) {
                    Double first = seen.putIfAbsent(d.name(), d.value());
                    if (first != null && first.doubleValue() != d.value()) {
                        varying.add(d.name());
                    }
                    present.merge(d.name(), 1, Integer::sum);
                }
            }
        }
        for (Map.Entry<String, Integer> e : present.entrySet()) {
            if (e.getValue() < evaluations) {
                varying.add(e.getKey()); // a driver of some configurations only (a model choice's trainers)
            }
        }
        if (varying.containsAll(seen.keySet())) {
            return drivers;
        }
        return (params, rows) -> drivers.of(params, rows).stream().filter(d -> varying.contains(d.name())).toList();
    }

    private static CostDrivers declared(TribuoSetup setup, int classes) {
        TrainerChoice choice = setup.choice();
        if (choice == null) {
            TrainerDefinition trainer = setup.trainer();
            return (params, rows) -> convert("", trainer, params, rows, classes);
        }
        return (params, rows) -> {
            String chosen = String.valueOf(params.getOrDefault(TrainerChoice.PARAMETER, choice.names().get(0)));
            Map<String, Object> own = new LinkedHashMap<>();
            params.forEach((k, v) -> {
                if (k.startsWith(chosen + ".")) {
                    own.put(k.substring(chosen.length() + 1), v);
                }
            });
            List<CostModel.Driver> out = new ArrayList<>(convert(chosen + ".", choice.get(chosen), own, rows, classes));
            for (String name : choice.names()) {
                out.add(new CostModel.Driver("trainer=" + name, name.equals(chosen) ? Math.E : 1, 0));
            }
            return out;
        };
    }

    private static List<CostModel.Driver> convert(String prefix, TrainerDefinition trainer, Map<String, Object> params,
                                                  int rows, int classes) {
        return trainer.costDrivers(params, rows, classes).stream()
                .map(d -> new CostModel.Driver(prefix + d.name(), d.value(), d.exponent())).toList();
    }
}
