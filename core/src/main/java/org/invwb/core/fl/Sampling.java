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

    /** A Laplace draw of scale 1 (standard deviation √2), by inverting its distribution function. */
    public static double laplace(SplittableRandom r) {
        double u = r.nextDouble() - 0.5;
        return -Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }
}
