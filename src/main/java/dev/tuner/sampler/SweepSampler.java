package dev.tuner.sampler;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tuner.config.InvalidSettingException;
import dev.tuner.space.Distribution;
import dev.tuner.space.SearchSpace;
import dev.tuner.trial.Direction;
import dev.tuner.trial.ObjectiveSpec;
import dev.tuner.trial.ParamValues;
import dev.tuner.trial.Trial;
import dev.tuner.trial.TrialState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A baseline and one-factor-at-a-time variants around it: the first trial is the baseline (the pinned
 * {@code <params>}, or the trainer's defaults when there are none), each later trial changes exactly one parameter
 * of the baseline to one of the values grid search would take on that axis ({@link GridSampler#axis}: every choice,
 * small int ranges whole, {@value GridSampler#DEFAULT_POINTS_PER_AXIS} evenly (log-)spaced points otherwise), minus
 * the baseline's own value. Variants go round-robin over the parameters (first value of each parameter, then the
 * second, ...), so that a {@code maxVariants} smaller than the plan still touches every parameter.
 *
 * <p>Like grid search it keeps no cursor: each call takes the first planned configuration no trial has used, and
 * {@link #capacity} caps the study at the plan's size. {@link #compare} gives each variant's change against the
 * baseline in percent.
 */
public final class SweepSampler implements Sampler {
    public static final int DEFAULT_MAX_VARIANTS = 20;

    private final Map<String, Object> baseline;
    private final int maxVariants;

    public SweepSampler() {
        this(Map.of(), DEFAULT_MAX_VARIANTS);
    }

    /**
     * @param baseline    the baseline's parameters (Double, Long or String values); empty for the trainer defaults
     * @param maxVariants variants after the baseline, at most
     */
    public SweepSampler(Map<String, Object> baseline, int maxVariants) {
        if (maxVariants < 0) {
            throw new InvalidSettingException("maxVariants", maxVariants, "must be >= 0");
        }
        this.baseline = new LinkedHashMap<>(baseline);
        this.maxVariants = maxVariants;
    }

    /**
     * The baseline first, then the variants, each a full parameter map. A parameter of the space that the given
     * baseline lacks takes the middle value of its axis, so every planned trial names every parameter (a trial
     * whose parameters are not sampled yet has none, and must not pass for the baseline).
     */
    public List<Map<String, Object>> plan(SearchSpace space) {
        GridSampler grid = new GridSampler();
        Map<String, Object> baseline = new LinkedHashMap<>(this.baseline);
        space.distributions().forEach((name, d) -> {
            if (!baseline.containsKey(name)) {
                List<Object> axis = grid.axis(d);
                baseline.put(name, axis.get(axis.size() / 2));
            }
        });
        List<List<Map<String, Object>>> perParameter = new ArrayList<>();
        for (Map.Entry<String, Distribution> e : space.distributions().entrySet()) {
            List<Map<String, Object>> variants = new ArrayList<>();
            Object base = baseline.get(e.getKey());
            for (Object value : grid.axis(e.getValue())) {
                if (base != null && ParamValues.same(base, value)) {
                    continue;
                }
                Map<String, Object> variant = new LinkedHashMap<>(baseline);
                variant.put(e.getKey(), value);
                variants.add(variant);
            }
            perParameter.add(variants);
        }
        List<Map<String, Object>> plan = new ArrayList<>();
        plan.add(new LinkedHashMap<>(baseline));
        for (int round = 0; plan.size() - 1 < maxVariants; round++) {
            boolean any = false;
            for (List<Map<String, Object>> variants : perParameter) {
                if (round < variants.size() && plan.size() - 1 < maxVariants) {
                    plan.add(variants.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return plan;
    }

    @Override
    public Map<String, Object> sample(SamplingContext context) {
        for (Map<String, Object> candidate : plan(context.space())) {
            Map<String, Object> active = context.space().activeOnly(candidate);
            if (context.trials().stream().noneMatch(t -> t.number() != context.trialNumber()
                    && ParamValues.same(t.params(), active))) {
                return candidate;
            }
        }
        throw new IllegalStateException("sweep exhausted: the baseline and its variants are all used");
    }

    @Override
    public OptionalLong capacity(SearchSpace space) {
        return OptionalLong.of(plan(space).size());
    }

    @Override
    public String name() {
        return "sweep";
    }

    /**
     * Each complete variant against the complete baseline: the one parameter it changed, its objective values and
     * their change in percent of the baseline's ({@code 100 * (variant - baseline) / |baseline|}; positive means
     * the value went up, whatever the direction; {@code better} says whether it improved). Empty when the baseline
     * has not completed.
     */
    public Comparison compare(SearchSpace space, List<Trial> trials, List<ObjectiveSpec> objectives) {
        Map<String, Object> baseline = plan(space).get(0);
        Trial base = trials.stream().filter(t -> t.state() == TrialState.COMPLETE
                && ParamValues.same(t.params(), baseline)).findFirst().orElse(null);
        if (base == null) {
            return Comparison.NONE;
        }
        List<Variant> variants = new ArrayList<>();
        for (Trial t : trials) {
            if (t == base) {
                continue;
            }
            Map<String, Object> changed = new LinkedHashMap<>();
            t.params().forEach((k, v) -> {
                Object was = baseline.get(k);
                if (was == null || !ParamValues.same(was, v)) {
                    changed.put(k, v);
                }
            });
            Map<String, Double> percent = null;
            Map<String, Boolean> better = null;
            if (t.state() == TrialState.COMPLETE) {
                percent = new LinkedHashMap<>();
                better = new LinkedHashMap<>();
                for (int i = 0; i < objectives.size(); i++) {
                    double v = t.values().get(i);
                    double w = base.values().get(i);
                    percent.put(objectives.get(i).metric(), w == 0 ? Double.NaN : 100 * (v - w) / Math.abs(w));
                    Direction d = objectives.get(i).direction();
                    better.put(objectives.get(i).metric(), d.isBetter(v, w));
                }
            }
            variants.add(new Variant(t.number(), t.state().name().toLowerCase(Locale.ROOT), changed,
                    t.state() == TrialState.COMPLETE ? values(t, objectives) : null, percent, better));
        }
        return new Comparison(new Baseline(base.number(), base.params(), values(base, objectives)), variants);
    }

    /**
     * The sweep's variants against its baseline; both null when the baseline has not completed.
     *
     * @param baseline the baseline trial
     * @param variants every other trial, in trial order
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Comparison(Baseline baseline, List<Variant> variants) {
        static final Comparison NONE = new Comparison(null, null);
    }

    /** The baseline trial: its number, parameters and objective values. */
    public record Baseline(int number, Map<String, Object> params, Map<String, Double> values) {
    }

    /**
     * One variant; a trial that did not complete has no values.
     *
     * @param state         the trial's state, lower case
     * @param changed       the parameters whose value differs from the baseline's
     * @param changePercent each objective's change in percent of the baseline's value
     * @param better        whether each objective improved, by its direction
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Variant(int number, String state, Map<String, Object> changed, Map<String, Double> values,
                          Map<String, Double> changePercent, Map<String, Boolean> better) {
    }

    private static Map<String, Double> values(Trial t, List<ObjectiveSpec> objectives) {
        return t.valuesByMetric(objectives);
    }
}
