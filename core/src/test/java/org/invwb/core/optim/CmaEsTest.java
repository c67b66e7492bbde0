package org.invwb.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * CMA-ES on closed forms whose minimum is 0 at the origin. The evaluation counts to reach 1e-10 are
 * those the tutorial's reference implementation needs within a factor of about 1.5 (Hansen 2016,
 * purecma: sphere 10-D about 1,500, ellipsoid 10-D with condition 1e6 about 6,000 evaluations).
 */
class CmaEsTest {

    private static final int N = 10;

    private static double sphere(double[] x) {
        return Arrays.stream(x).map(v -> v * v).sum();
    }

    /** Σ 10^(6 i / (n−1)) x_i²: axis lengths spanning 10³. */
    private static double ellipsoid(double[] x) {
        double f = 0;
        for (int i = 0; i < x.length; i++) {
            f += Math.pow(10, 6.0 * i / (x.length - 1)) * x[i] * x[i];
        }
        return f;
    }

    /** Evaluations until f < target, or -1 when the budget ran out. */
    private static int evaluationsTo(CmaEs cma, ToDoubleFunction<double[]> f, double target, int budget) {
        while (cma.evaluations() < budget) {
            double[][] xs = cma.ask();
            double[] values = new double[xs.length];
            for (int k = 0; k < xs.length; k++) {
                values[k] = f.applyAsDouble(xs[k]);
            }
            cma.tell(values);
            if (cma.bestValue() < target) {
                return cma.evaluations();
            }
        }
        return -1;
    }

    private static double[] ones(int n) {
        double[] x = new double[n];
        Arrays.fill(x, 1);
        return x;
    }

    @Test
    void hansensDefaultPopulation() {
        assertEquals(10, CmaEs.defaultPopulation(10));
        assertEquals(17, CmaEs.defaultPopulation(100));
        assertEquals(10, new CmaEs(ones(10), 1, 0, 1).population());
    }

    @Test
    void convergesOnTheSphere() {
        for (long seed = 1; seed <= 3; seed++) {
            int used = evaluationsTo(new CmaEs(ones(N), 0.5, 0, seed), CmaEsTest::sphere, 1e-10, 2_500);
            assertTrue(used > 0 && used < 2_500, "seed " + seed + ": " + used);
        }
    }

    /** Rotation invariance: a rotated ellipsoid takes about as long as the axis-parallel one. */
    @Test
    void convergesOnTheRotatedEllipsoid() {
        double[][] rotation = randomRotation(N, new Random(7));
        ToDoubleFunction<double[]> rotated = x -> ellipsoid(times(rotation, x));
        int plain = evaluationsTo(new CmaEs(ones(N), 0.5, 0, 2), CmaEsTest::ellipsoid, 1e-10, 10_000);
        int turned = evaluationsTo(new CmaEs(ones(N), 0.5, 0, 2), rotated, 1e-10, 10_000);
        assertTrue(plain > 0 && turned > 0, plain + ", " + turned);
        assertTrue(Math.abs(turned - plain) < 0.3 * plain, plain + " vs " + turned);
    }

    /** The learned covariance recovers the ellipsoid's conditioning: axis ratio √1e6 = 1000. */
    @Test
    void covarianceLearnsTheConditioning() {
        CmaEs cma = new CmaEs(ones(N), 0.5, 0, 3);
        evaluationsTo(cma, CmaEsTest::ellipsoid, 1e-12, 10_000);
        assertTrue(cma.axisRatio() > 300 && cma.axisRatio() < 3000, "axis ratio " + cma.axisRatio());
    }

    /**
     * Step-size adaptation: on a linear slope σ grows geometrically (nothing to converge to), and on the
     * sphere it shrinks in proportion to the distance to the optimum, about σ ≈ 0.3·‖m‖/√n ... ‖m‖/√n.
     */
    @Test
    void stepSizeAdaptationIsSane() {
        CmaEs linear = new CmaEs(new double[N], 1e-3, 0, 4);
        evaluationsTo(linear, x -> x[0], Double.NEGATIVE_INFINITY, 300);
        assertTrue(linear.sigma() > 30e-3, "σ on a slope grew from 1e-3 only to " + linear.sigma());

        CmaEs sphere = new CmaEs(ones(N), 5, 0, 5);
        evaluationsTo(sphere, CmaEsTest::sphere, 1e-8, 5_000);
        double distance = Math.sqrt(sphere(sphere.mean()));
        double ratio = sphere.sigma() * Math.sqrt(N) / distance;
        assertTrue(ratio > 0.3 && ratio < 10, "σ·√n/‖m‖ = " + ratio);
    }

    private static double[] times(double[][] m, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                y[i] += m[i][j] * x[j];
            }
        }
        return y;
    }

    /** An orthogonal matrix from Gram–Schmidt on Gaussian columns. */
    private static double[][] randomRotation(int n, Random random) {
        double[][] q = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = random.nextGaussian();
            }
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[i] * q[i][k];
                }
                for (int i = 0; i < n; i++) {
                    v[i] -= dot * q[i][k];
                }
            }
            double norm = Math.sqrt(sphere(v));
            for (int i = 0; i < n; i++) {
                q[i][j] = v[i] / norm;
            }
        }
        return q;
    }
}
