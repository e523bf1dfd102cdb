package dev.tuner.tuning;

/**
 * Wall seconds of the phases of a {@code tune} run that the estimate forecasts apart, so that a plan that missed
 * says where: the study's trials, the final choice's re-scoring of the top trials, and the held-out refits of the
 * chosen trial and of the defaults. What a run spends besides them (reading the data, reports) is the rest of its
 * total.
 */
public record PhaseSeconds(double trials, double finalChoice, double heldOutRefits) {

    /** A run that measured no phase. */
    public static final PhaseSeconds NONE = new PhaseSeconds(0, 0, 0);

    /** The phases of two runs one after the other (the stages of a staged study). */
    public PhaseSeconds plus(PhaseSeconds other) {
        return new PhaseSeconds(trials + other.trials, finalChoice + other.finalChoice,
                heldOutRefits + other.heldOutRefits);
    }

    /** Seconds since {@code startNanos} ({@link System#nanoTime}). */
    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
