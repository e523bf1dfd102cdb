package dev.tuner.estimate;

/**
 * {@code y = a * x^b}, fitted by ordinary least squares on {@code (log x, log y)}: how a training's seconds (or
 * bytes) grow with its rows. A power law rather than a constant, because trainers differ: a linear model is about
 * {@code b = 1}, a tree learner that sorts features {@code b > 1}, and a fixed per-training overhead shows as
 * {@code b < 1} on small data.
 */
public record PowerLaw(double a, double b) {

    /**
     * The least-squares fit of {@code log y = log a + b log x}. With one distinct {@code x} the exponent cannot be
     * identified and is taken as 1 (time proportional to rows), the conservative guess for extrapolating upwards.
     *
     * @throws IllegalArgumentException when there is no point, lengths differ, or a value is not positive
     */
    public static PowerLaw fit(double[] x, double[] y) {
        return fitBounded(x, y, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * The least-squares law in log space with its exponent held in {@code [lowest, highest]}, the law then passing
     * through the points' geometric centre: a quantity whose readings are coarse (heap, measured in allocation
     * chunks) can fit a wild exponent that no extrapolation should follow.
     */
    public static PowerLaw fitBounded(double[] x, double[] y, double lowest, double highest) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("a power law needs matching, non-empty x and y, got "
                    + x.length + " and " + y.length);
        }
        int n = x.length;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < n; i++) {
            if (!(x[i] > 0) || !(y[i] > 0)) {
                throw new IllegalArgumentException("a power law fits positive values only, got (" + x[i] + ", "
                        + y[i] + ")");
            }
            sx += Math.log(x[i]);
            sy += Math.log(y[i]);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(x[i]) - mx;
            sxx += dx * dx;
            sxy += dx * (Math.log(y[i]) - my);
        }
        double b = Math.max(lowest, Math.min(highest, sxx > 1e-12 ? sxy / sxx : 1.0));
        double a = Math.exp(my - b * mx);
        return new PowerLaw(a, b);
    }

    public double at(double x) {
        return a * Math.pow(x, b);
    }
}
