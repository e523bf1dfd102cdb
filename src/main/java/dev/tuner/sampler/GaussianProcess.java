package dev.tuner.sampler;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.Arrays;

/**
 * Gaussian-process regression as Optuna 4's {@code GPSampler} does it: a Matérn-5/2 kernel with one inverse squared
 * length scale per axis (ARD) on numerical axes and a Hamming distance on categorical ones
 * ({@code r² = Σ isl_k (x_k - x'_k)²}, with {@code (x_k - x'_k)²} replaced by {@code [x_k ≠ x'_k]} for a category), a
 * signal variance and a noise variance, fitted by maximum a posteriori with Optuna's priors:
 * {@code -0.1/isl - 0.1 isl} per axis, Gamma(2, 1) on the signal variance, Gamma(1.1, 30) on the noise variance (at
 * least {@value #MIN_NOISE}). The targets are standardised before fitting.
 */
final class GaussianProcess {
    static final double MIN_NOISE = 1e-6;
    private static final double SQRT5 = Math.sqrt(5);
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** Kernel parameters: inverse squared length scales, signal variance, noise variance. */
    record Hyperparameters(double[] inverseSquaredLengthScales, double signal, double noise) {
        static Hyperparameters initial(int dimension) {
            double[] isl = new double[dimension];
            Arrays.fill(isl, 1);
            return new Hyperparameters(isl, 1, 0.01);
        }

        double[] raw() {
            int d = inverseSquaredLengthScales.length;
            double[] raw = new double[d + 2];
            for (int k = 0; k < d; k++) {
                raw[k] = Math.log(inverseSquaredLengthScales[k]);
            }
            raw[d] = Math.log(signal);
            raw[d + 1] = Math.log(Math.max(noise - MIN_NOISE, 1e-12));
            return raw;
        }

        static Hyperparameters ofRaw(double[] raw) {
            int d = raw.length - 2;
            double[] isl = new double[d];
            for (int k = 0; k < d; k++) {
                isl[k] = Math.exp(raw[k]);
            }
            return new Hyperparameters(isl, Math.exp(raw[d]), MIN_NOISE + Math.exp(raw[d + 1]));
        }
    }

    private final double[][] x;
    private final boolean[] categorical;
    private final Hyperparameters hyper;
    private final double[] alpha;
    /** The lower Cholesky factor L of the kernel matrix, K = L L^T, row-major. */
    private final double[] lower;

    /**
     * The posterior given observations {@code (x, y)} (y already standardised).
     *
     * @throws IllegalStateException when the kernel matrix cannot be factorised even with extra jitter
     */
    GaussianProcess(double[][] x, double[] y, boolean[] categorical, Hyperparameters hyper) {
        this.x = x;
        this.categorical = categorical;
        this.hyper = hyper;
        Factor factor = null;
        double[][] kernel = kernelMatrix(weightedSquaredDistances(squaredDistancesPerAxis(x, categorical),
                hyper.inverseSquaredLengthScales()), hyper);
        for (double jitter = 0; factor == null; jitter = jitter == 0 ? 1e-8 : jitter * 100) {
            if (jitter > 1e-2) {
                throw new IllegalStateException("the Gaussian process's kernel matrix is not positive definite");
            }
            factor = Factor.of(kernel, y, jitter);
        }
        this.alpha = factor.alpha;
        this.lower = factor.lower;
    }

    /** Posterior mean and variance of the latent function at {@code q}, and optionally their gradients. */
    void predict(double[] q, double[] out, double[] meanGradient, double[] varianceGradient) {
        int n = x.length;
        int d = q.length;
        double[] isl = hyper.inverseSquaredLengthScales();
        double[] k = new double[n];
        double[] dkdr2 = new double[n];
        for (int i = 0; i < n; i++) {
            double r2 = 0;
            double[] xi = x[i];
            for (int j = 0; j < d; j++) {
                double diff = categorical[j] ? (q[j] == xi[j] ? 0 : 1) : q[j] - xi[j];
                r2 += isl[j] * diff * diff;
            }
            k[i] = matern(r2, hyper.signal());
            dkdr2[i] = slope(r2, hyper.signal());
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += alpha[i] * k[i];
        }
        // var = s - |L^-1 k|²: by triangular solves rather than K^-1, which loses the variance to cancellation
        // when the fitted noise is tiny and K is ill-conditioned.
        double[] v = new double[n];
        double quadratic = 0;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double sum = k[i];
            for (int j = 0; j < i; j++) {
                sum -= lower[row + j] * v[j];
            }
            v[i] = sum / lower[row + i];
            quadratic += v[i] * v[i];
        }
        out[0] = mean;
        out[1] = Math.max(hyper.signal() - quadratic, 1e-12 * hyper.signal());
        if (meanGradient == null) {
            return;
        }
        // K^-1 k = L^-T (L^-1 k), for the variance's gradient.
        for (int i = n - 1; i >= 0; i--) {
            v[i] /= lower[i * n + i];
            double vi = v[i];
            for (int j = 0; j < i; j++) {
                v[j] -= lower[i * n + j] * vi;
            }
        }
        for (int j = 0; j < d; j++) {
            double gm = 0;
            double gv = 0;
            if (!categorical[j]) {
                for (int i = 0; i < n; i++) {
                    double dk = dkdr2[i] * 2 * isl[j] * (q[j] - x[i][j]);
                    gm += alpha[i] * dk;
                    gv -= 2 * v[i] * dk;
                }
            }
            meanGradient[j] = gm;
            varianceGradient[j] = gv;
        }
    }

    /** The hyperparameters of highest posterior density for {@code (x, y)}, searched from Optuna's start. */
    static Hyperparameters fit(double[][] x, double[] y, boolean[] categorical) {
        int d = categorical.length;
        double[][][] distances = squaredDistancesPerAxis(x, categorical);
        double[] lower = new double[d + 2];
        double[] upper = new double[d + 2];
        for (int k = 0; k < d + 2; k++) {
            lower[k] = -12;
            upper[k] = 12;
        }
        lower[d + 1] = Math.log(1e-12);
        upper[d + 1] = Math.log(10);
        BoundedLbfgs.Result result = BoundedLbfgs.minimize((raw, gradient) -> negativeLogPosterior(raw, distances, y,
                gradient), Hyperparameters.initial(d).raw(), lower, upper, 50, 1e-2);
        return Hyperparameters.ofRaw(result.x());
    }

    /** Minus the log marginal likelihood minus the log prior, and its gradient in the raw (log) parameters. */
    static double negativeLogPosterior(double[] raw, double[][][] distances, double[] y, double[] gradient) {
        Hyperparameters h = Hyperparameters.ofRaw(raw);
        int n = y.length;
        int d = distances.length;
        double[] isl = h.inverseSquaredLengthScales();
        double[][] r2 = weightedSquaredDistances(distances, isl);
        double[][] kernel = kernelMatrix(r2, h);
        double[][] dkdr2 = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                dkdr2[i][j] = slope(r2[i][j], h.signal());
            }
        }
        Factor factor = Factor.of(kernel, y, 0);
        if (factor == null) {
            return Double.NaN;
        }
        double[][] inv = factor.inverse();
        double[] a = factor.alpha;
        double value = 0.5 * dot(y, a) + 0.5 * factor.logDeterminant + 0.5 * n * LOG_2PI;
        // d(-log ML)/dθ = -0.5 tr(W dK/dθ), W = a a^T - K^-1; symmetric, so the strict lower triangle counts twice.
        double[] g = new double[d + 2];
        double diagonalTrace = 0;
        for (int i = 0; i < n; i++) {
            diagonalTrace += a[i] * a[i] - inv[i][i];
            for (int j = 0; j < i; j++) {
                double w = 2 * (a[i] * a[j] - inv[i][j]);
                g[d] += w * kernel[i][j];
                double wd = w * dkdr2[i][j];
                for (int k = 0; k < d; k++) {
                    g[k] += wd * distances[k][i][j];
                }
            }
        }
        for (int k = 0; k < d; k++) {
            g[k] = -0.5 * g[k] * isl[k];
        }
        g[d] = -0.5 * (g[d] + diagonalTrace * h.signal());
        g[d + 1] = -0.5 * diagonalTrace * (h.noise() - MIN_NOISE);
        // Optuna's priors, added to the log density without the change of variables' Jacobian (as Optuna).
        double logPrior = 0;
        for (int k = 0; k < d; k++) {
            logPrior -= 0.1 / isl[k] + 0.1 * isl[k];
            g[k] -= 0.1 / isl[k] - 0.1 * isl[k];
        }
        logPrior += Math.log(h.signal()) - h.signal();
        g[d] -= 1 - h.signal();
        logPrior += 0.1 * Math.log(h.noise()) - 30 * h.noise();
        g[d + 1] -= (0.1 / h.noise() - 30) * (h.noise() - MIN_NOISE);
        System.arraycopy(g, 0, gradient, 0, d + 2);
        return value - logPrior;
    }

    /** Lower triangle of {@code r² = Σ_k isl_k d_k²}. */
    private static double[][] weightedSquaredDistances(double[][][] distances, double[] isl) {
        int n = distances.length == 0 ? 0 : distances[0].length;
        double[][] r2 = new double[n][n];
        for (int k = 0; k < distances.length; k++) {
            double[][] axis = distances[k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    r2[i][j] += isl[k] * axis[i][j];
                }
            }
        }
        return r2;
    }

    /** The Matérn-5/2 kernel at squared distance r²: {@code s (1 + √5 r + 5/3 r²) exp(-√5 r)}. */
    private static double matern(double r2, double signal) {
        double r = Math.sqrt(r2);
        return signal * (1 + SQRT5 * r + 5.0 / 3 * r2) * Math.exp(-SQRT5 * r);
    }

    /** The kernel's derivative in r²: {@code -5/6 s (1 + √5 r) exp(-√5 r)}. */
    private static double slope(double r2, double signal) {
        double r = Math.sqrt(r2);
        return -signal * 5.0 / 6 * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
    }

    private static double[][] kernelMatrix(double[][] r2PerAxisSum, Hyperparameters h) {
        int n = r2PerAxisSum.length;
        double[][] kernel = new double[n][n];
        for (int i = 0; i < n; i++) {
            kernel[i][i] = h.signal() + h.noise();
            for (int j = 0; j < i; j++) {
                kernel[i][j] = kernel[j][i] = matern(r2PerAxisSum[i][j], h.signal());
            }
        }
        return kernel;
    }

    /** Per axis, the lower triangle of squared differences (Hamming distance on categorical axes). */
    static double[][][] squaredDistancesPerAxis(double[][] points, boolean[] categorical) {
        int n = points.length;
        double[][][] out = new double[categorical.length][n][n];
        for (int k = 0; k < categorical.length; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    double diff = categorical[k] ? (points[i][k] == points[j][k] ? 0 : 1) : points[i][k] - points[j][k];
                    out[k][i][j] = diff * diff;
                }
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** The Cholesky factor of a kernel matrix (plus jitter on the diagonal), K^-1 y and log det K. */
    private static final class Factor {
        private final LinearSolverDense<DMatrixRMaj> solver;
        /** L, row-major: L[i][j] at {@code i * n + j}. */
        final double[] lower;
        final double[] alpha;
        final double logDeterminant;

        private Factor(LinearSolverDense<DMatrixRMaj> solver, double[] lower, double[] alpha, double logDeterminant) {
            this.solver = solver;
            this.lower = lower;
            this.alpha = alpha;
            this.logDeterminant = logDeterminant;
        }

        /** Null when the matrix is not positive definite (to working precision). */
        static Factor of(double[][] kernel, double[] y, double jitter) {
            int n = y.length;
            DMatrixRMaj matrix = new DMatrixRMaj(n, n);
            for (int i = 0; i < n; i++) {
                System.arraycopy(kernel[i], 0, matrix.data, i * n, n);
                matrix.data[i * n + i] += jitter;
            }
            LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(n);
            if (!solver.setA(matrix)) {
                return null;
            }
            double[] lower = ((CholeskyDecomposition_F64<DMatrixRMaj>) solver.getDecomposition()).getT(null).data;
            double logDet = 0;
            for (int i = 0; i < n; i++) {
                double diagonal = lower[i * n + i];
                if (!(diagonal > 0) || !Double.isFinite(diagonal)) {
                    return null;
                }
                logDet += 2 * Math.log(diagonal);
            }
            DMatrixRMaj alpha = new DMatrixRMaj(n, 1);
            solver.solve(new DMatrixRMaj(n, 1, true, y), alpha);
            for (double a : alpha.data) {
                if (!Double.isFinite(a)) {
                    return null;
                }
            }
            return new Factor(solver, lower, alpha.data, logDet);
        }

        /** K^-1 as rows. */
        double[][] inverse() {
            int n = alpha.length;
            DMatrixRMaj inverse = new DMatrixRMaj(n, n);
            solver.invert(inverse);
            double[][] rows = new double[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = Arrays.copyOfRange(inverse.data, i * n, (i + 1) * n);
            }
            return rows;
        }
    }
}
