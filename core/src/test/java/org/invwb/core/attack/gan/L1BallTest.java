package org.invwb.core.attack.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;

class L1BallTest {

    /** (3, 1, −2) onto radius 2: θ = max(3 − 2, (5 − 2)/2, (6 − 2)/3) = 1.5, so (1.5, 0, −0.5); inside stays. */
    @Test
    void projectsEachExampleByHand() throws Exception {
        float[] out = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                return L1Ball.project(m.create(new float[] {3, 1, -2, 0.5f, -0.25f, 0.25f}, new Shape(2, 3)), 2)
                        .toFloatArray();
            }
        });
        assertArrayEquals(new float[] {1.5f, 0, -0.5f, 0.5f, -0.25f, 0.25f}, out, 1e-6f);
    }

    /** Against a bisection on θ for random maps: the same point, on the sphere ‖δ‖₁ = r. */
    @Test
    void agreesWithBisectionOnTheThreshold() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[2 * 4 * 5 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        double radius = 7;
        float[] out = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                return L1Ball.project(m.create(x, new Shape(2, 4, 5, 5)), radius).toFloatArray();
            }
        });
        int d = x.length / 2;
        for (int n = 0; n < 2; n++) {
            double lo = 0;
            double hi = 10;
            for (int it = 0; it < 200; it++) {
                double mid = (lo + hi) / 2;
                double norm = 0;
                for (int i = 0; i < d; i++) {
                    norm += Math.max(Math.abs(x[n * d + i]) - mid, 0);
                }
                if (norm > radius) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double norm = 0;
            for (int i = 0; i < d; i++) {
                double expected = Math.signum(x[n * d + i]) * Math.max(Math.abs(x[n * d + i]) - lo, 0);
                assertEquals(expected, out[n * d + i], 1e-5);
                norm += Math.abs(out[n * d + i]);
            }
            assertEquals(radius, norm, 1e-4);
        }
    }
}
