package dev.tuner.study;

import dev.tuner.trial.Constraint;
import dev.tuner.config.Setting;
import dev.tuner.config.InvalidSettingException;
import java.util.List;
import java.util.Locale;

/**
 * One stage of a staged study, {@code <stage><name>coarse</name><trials>40</trials><sampler>sobol</sampler></stage>}.
 * Maven fills it straight from the XML (no-argument constructor, fields named like the elements), as it fills
 * {@link Constraint}.
 *
 * <p>The name says what the stage does: {@code sanity} (a few trials at the smallest budget, compared with a trivial
 * predictor), {@code coarse} (the configured space), {@code fine} (the space narrowed around the previous stage's
 * best trials), {@code refit} (the last stage's best parameters trained on every tuning row and measured on the
 * held-out rows). Unset fields take the study's settings ({@code <trials>}, {@code <sampler>}, {@code <pruner>}).
 */
public final class Stage {
    public static final String SANITY = "sanity";
    public static final String COARSE = "coarse";
    public static final String FINE = "fine";
    public static final String REFIT = "refit";
    private static final List<String> ORDER = List.of(SANITY, COARSE, FINE, REFIT);
    /** One entry of the stages setting, and its name. */
    public static final Setting STAGE = Setting.of("stages", "stage");
    private static final Setting NAME = STAGE.child("name");

    /** The name a stage's study is stored under: {@code <study>:<stage>}. */
    public static String studyName(String study, String stage) {
        return study + ":" + stage;
    }

    /** The stage studies of {@code study} that {@code storage} holds, in stage order: a study tuned in stages. */
    public static List<String> storedStudies(dev.tuner.storage.StudyStorage storage, String study) {
        return ORDER.stream().filter(stage -> !REFIT.equals(stage)).map(stage -> studyName(study, stage))
                .filter(name -> storage.findStudy(name).isPresent()).toList();
    }

    /** Default trials of a sanity stage. */
    public static final int SANITY_TRIALS = 5;
    /** Default number of the previous stage's best trials a fine stage narrows around. */
    public static final int DEFAULT_TOP = 5;
    /** Default widening of a narrowed range, as a fraction of the original range (in log space for log ranges). */
    public static final double DEFAULT_MARGIN = 0.1;

    private String name;
    private Integer trials;
    private String sampler;
    private String pruner;
    private Integer top;
    private Double margin;

    public Stage() {
    }

    public Stage(String name, Integer trials, String sampler) {
        this.name = name;
        this.trials = trials;
        this.sampler = sampler;
    }

    public String getName() {
        return name == null ? null : name.strip().toLowerCase(Locale.ROOT);
    }

    public Integer getTrials() {
        return trials;
    }

    public String getSampler() {
        return sampler;
    }

    public String getPruner() {
        return pruner;
    }

    /** How many of the previous stage's best trials a fine stage narrows around. */
    public int top() {
        return top == null ? DEFAULT_TOP : top;
    }

    /** A narrowed range's widening on each side, as a fraction of the original range. */
    public double margin() {
        return margin == null ? DEFAULT_MARGIN : margin;
    }

    public Stage withMargin(double margin) {
        this.margin = margin;
        return this;
    }

    /**
     * Rejects an unknown name, stages out of the order sanity, coarse, fine, refit (each at most once), a fine stage
     * with no stage before it to narrow around, and bad numbers; the message names the element to fix.
     */
    public static void check(List<Stage> stages) {
        int last = -1;
        for (Stage s : stages) {
            String n = s.getName();
            if (n == null || n.isEmpty()) {
                throw new InvalidSettingException(NAME, null, "a stage has no name: use one of " + ORDER);
            }
            int at = ORDER.indexOf(n);
            if (at < 0) {
                throw new InvalidSettingException(NAME, n, "unknown stage; use " + String.join(", ", ORDER));
            }
            if (at <= last) {
                throw new InvalidSettingException(NAME, n, "stages run in the order " + String.join(", ", ORDER)
                        + ", each at most once");
            }
            if (FINE.equals(n) && last < 0) {
                throw new InvalidSettingException(NAME, n, "needs a sanity or coarse stage before it, whose best"
                        + " trials it narrows the space around");
            }
            if (REFIT.equals(n) && last < 0) {
                throw new InvalidSettingException(NAME, n, "needs a stage before it, whose best parameters it"
                        + " refits");
            }
            if (s.trials != null && s.trials < 1) {
                throw new InvalidSettingException(STAGE.child("trials"), String.valueOf(s.trials), "must be >= 1"
                        + " (stage " + n + ")");
            }
            if (s.top != null && s.top < 1) {
                throw new InvalidSettingException(STAGE.child("top"), String.valueOf(s.top), "must be >= 1 (stage "
                        + n + ")");
            }
            if (s.margin != null && !(s.margin >= 0 && s.margin <= 1)) {
                throw new InvalidSettingException(STAGE.child("margin"), String.valueOf(s.margin), "must be in [0, 1]"
                        + " (stage " + n + ")");
            }
            last = at;
        }
    }

    @Override
    public String toString() {
        return getName();
    }
}
