package dev.tuner.study;

import dev.tuner.space.CategoricalDistribution;
import dev.tuner.space.Distribution;
import dev.tuner.space.FloatDistribution;
import dev.tuner.space.IntDistribution;
import dev.tuner.space.SearchSpace;

import dev.tuner.trial.Trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search space of a {@code fine} stage: the space of the stage before, narrowed around that stage's best trials.
 *
 * <p>For each number, the range the best trials span in the sampler's internal scale (the logarithm for log ranges),
 * widened on each side by {@code margin} times the original internal range, then clipped to the original range; ints
 * are widened outwards to whole steps. For each choice, the choices the best trials took, in their original order.
 * A parameter none of the best trials set (inactive under a model choice) is left out. The narrowing uses only stored
 * trials, so a rerun computes the same space and resumes the same fine study.
 */
public final class SpaceNarrowing {
    private SpaceNarrowing() {
    }

    /**
     * @param space  the space the best trials were drawn from
     * @param best   the trials to narrow around (at least one)
     * @param margin widening on each side, as a fraction of the original internal range
     */
    public static SearchSpace narrow(SearchSpace space, List<Trial> best, double margin) {
        if (best.isEmpty()) {
            throw new IllegalArgumentException("no trial to narrow the space around");
        }
        Map<String, Distribution> out = new LinkedHashMap<>();
        space.distributions().forEach((name, d) -> {
            List<Object> values = new ArrayList<>();
            for (Trial t : best) {
                Object v = t.params().get(name);
                if (v != null && d.contains(v)) {
                    values.add(v);
                }
            }
            if (!values.isEmpty()) {
                out.put(name, narrow(d, values, margin));
            }
        });
        SearchSpace narrowed = new SearchSpace(out);
        String sw = space.switchParameter();
        return sw != null && out.containsKey(sw) ? narrowed.conditionalOn(sw) : narrowed;
    }

    static Distribution narrow(Distribution d, List<Object> values, double margin) {
        if (d instanceof CategoricalDistribution c) {
            List<String> kept = c.choices().stream()
                    .filter(choice -> values.stream().anyMatch(v -> String.valueOf(v).equals(choice))).toList();
            return new CategoricalDistribution(kept);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Object v : values) {
            double x = d.toInternal(v);
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        if (d instanceof FloatDistribution f) {
            double width = f.internalHigh() - f.internalLow();
            double a = Math.max(f.internalLow(), lo - margin * width);
            double b = Math.min(f.internalHigh(), hi + margin * width);
            double low = f.log() ? Math.exp(a) : a;
            double high = f.log() ? Math.exp(b) : b;
            // exp(log(x)) may miss x by an ulp: clip to the original range again.
            low = Math.max(f.low(), Math.min(f.high(), low));
            high = Math.max(low, Math.min(f.high(), high));
            return new FloatDistribution(low, high, f.log());
        }
        IntDistribution i = (IntDistribution) d;
        double width = i.log() ? Math.log(i.high()) - Math.log(i.low()) : i.high() - i.low();
        double a = lo - margin * width;
        double b = hi + margin * width;
        double low = i.log() ? Math.exp(a) : a;
        double high = i.log() ? Math.exp(b) : b;
        long step = i.step();
        long l = i.low() + step * (long) Math.floor((low - i.low()) / step + 1e-9);
        long h = i.low() + step * (long) Math.ceil((high - i.low()) / step - 1e-9);
        l = Math.max(i.low(), Math.min(i.high(), l));
        h = Math.max(l, Math.min(i.high(), h));
        return new IntDistribution(l, h, step, i.log());
    }
}
