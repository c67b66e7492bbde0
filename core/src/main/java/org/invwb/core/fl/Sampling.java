package org.invwb.core.fl;

import java.util.SplittableRandom;

/** Noise draws from a seeded generator, so that every random choice of a run replays from its seed. */
public final class Sampling {

    private Sampling() {
    }

    /** A standard normal draw (Marsaglia's polar method). */
    public static double gaussian(SplittableRandom r) {
        double u;
        double v;
        double s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /**
     * The natural logarithm of a Gamma(shape, 1) draw (Marsaglia and Tsang, ACM TOMS 2000). For shape &lt; 1
     * it uses Gamma(shape) = Gamma(shape + 1)·U^(1/shape); the logarithm keeps the tiny values that small
     * shapes give (Dirichlet α = 0.05) from underflowing to zero.
     */
    public static double logGamma(double shape, SplittableRandom r) {
        if (!(shape > 0) || !Double.isFinite(shape)) {
            throw new IllegalArgumentException("Gamma shape must be positive and finite, got " + shape);
        }
        if (shape < 1) {
            return logGamma(shape + 1, r) + Math.log(1 - r.nextDouble()) / shape;
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian(r);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - r.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return Math.log(d) + Math.log(v);
            }
        }
    }

    /** A Gamma(shape, 1) draw: mean and variance both {@code shape}. */
    public static double gamma(double shape, SplittableRandom r) {
        return Math.exp(logGamma(shape, r));
    }

    /** A draw from the symmetric Dirichlet distribution Dir(α, …, α) over {@code k} parts, by normalised Gamma draws. */
    public static double[] dirichlet(double alpha, int k, SplittableRandom r) {
        double[] logs = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            logs[i] = logGamma(alpha, r);
            max = Math.max(max, logs[i]);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            logs[i] = Math.exp(logs[i] - max);
            sum += logs[i];
        }
        for (int i = 0; i < k; i++) {
            logs[i] /= sum;
        }
        return logs;
    }

    /** A Laplace draw of scale 1 (standard deviation √2), by inverting its distribution function. */
    public static double laplace(SplittableRandom r) {
        double u = r.nextDouble() - 0.5;
        return -Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }
}
