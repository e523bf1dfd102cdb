package dev.tuner.gate;

import dev.tuner.config.InvalidSettingException;
import dev.tuner.config.Setting;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <gate>} element, filled by Maven straight from the POM:
 * <pre>{@code
 * <gate>
 *   <baseline>${project.basedir}/src/test/tuner/baseline.json</baseline>   <!-- or groupId:artifactId:version -->
 *   <rules><rule><metric>accuracy</metric><maxDrop>0.005</maxDrop></rule></rules>
 *   <significance>0.05</significance>
 *   <haltOnFailure>true</haltOnFailure>
 *   <resamples>2000</resamples>
 * </gate>
 * }</pre>
 * Unset fields keep their defaults ({@link #DEFAULT_SIGNIFICANCE}, halt on failure, {@link #DEFAULT_RESAMPLES}).
 */
public class GateSpec {
    public static final double DEFAULT_SIGNIFICANCE = 0.05;
    public static final int DEFAULT_RESAMPLES = 2000;
    /** The gate goal's own parameters, which override the values inside {@code <gate>}. */
    private static final Setting TOP_LEVEL_SIGNIFICANCE = Setting.of("significance");
    private static final Setting TOP_LEVEL_RESAMPLES = Setting.of("resamples");

    private String baseline;
    private List<Rule> rules = new ArrayList<>();
    private Double significance;
    private Boolean haltOnFailure;
    private Integer resamples;
    /** Where significance and resamples were set: inside {@code <gate>}, or by the goal's own parameter. */
    private Setting significanceSetting = Setting.of("gate", "significance");
    private Setting resamplesSetting = Setting.of("gate", "resamples");

    public GateSpec() {
    }

    public GateSpec(String baseline, List<Rule> rules, Double significance, Boolean haltOnFailure,
                    Integer resamples) {
        this.baseline = baseline;
        this.rules = rules == null ? new ArrayList<>() : new ArrayList<>(rules);
        this.significance = significance;
        this.haltOnFailure = haltOnFailure;
        this.resamples = resamples;
    }

    /** A copy with the command line's values (each may be null: not given) taking precedence. */
    public GateSpec overriddenBy(String baseline, Double significance, Boolean haltOnFailure, Integer resamples) {
        GateSpec copy = new GateSpec(blank(baseline) ? this.baseline : baseline, rules,
                significance != null ? significance : this.significance,
                haltOnFailure != null ? haltOnFailure : this.haltOnFailure,
                resamples != null ? resamples : this.resamples);
        copy.significanceSetting = significance != null ? TOP_LEVEL_SIGNIFICANCE : significanceSetting;
        copy.resamplesSetting = resamples != null ? TOP_LEVEL_RESAMPLES : resamplesSetting;
        return copy;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** @throws InvalidSettingException for a significance, resample count or rule that cannot work */
    public void validate() {
        double a = significance();
        if (!(a > 0 && a < 1)) {
            throw new InvalidSettingException(significanceSetting, String.valueOf(a), "must be in (0, 1), e.g. 0.05");
        }
        if (resamples() < 100) {
            throw new InvalidSettingException(resamplesSetting, String.valueOf(resamples()), "use at least 100"
                    + " (default " + DEFAULT_RESAMPLES + ")");
        }
        rules.forEach(Rule::validate);
    }

    /** The baseline as written: a file path, {@code groupId:artifactId:version}, or null. */
    public String baseline() {
        return blank(baseline) ? null : baseline.strip();
    }

    public List<Rule> rules() {
        return rules == null ? List.of() : rules;
    }

    public double significance() {
        return significance == null ? DEFAULT_SIGNIFICANCE : significance;
    }

    public boolean haltOnFailure() {
        return haltOnFailure == null || haltOnFailure;
    }

    public int resamples() {
        return resamples == null ? DEFAULT_RESAMPLES : resamples;
    }

    public String getBaseline() {
        return baseline;
    }

    public void setBaseline(String baseline) {
        this.baseline = baseline;
    }

    public List<Rule> getRules() {
        return rules;
    }

    public void setRules(List<Rule> rules) {
        this.rules = rules;
    }

    public Double getSignificance() {
        return significance;
    }

    public void setSignificance(Double significance) {
        this.significance = significance;
    }

    public Boolean getHaltOnFailure() {
        return haltOnFailure;
    }

    public void setHaltOnFailure(Boolean haltOnFailure) {
        this.haltOnFailure = haltOnFailure;
    }

    public Integer getResamples() {
        return resamples;
    }

    public void setResamples(Integer resamples) {
        this.resamples = resamples;
    }
}
