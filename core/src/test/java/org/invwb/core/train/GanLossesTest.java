package org.invwb.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.engine.Scalars;
import org.junit.jupiter.api.Test;

class GanLossesTest {

    private static final float[] REAL = {2.0f, -1.0f, 0.5f, 40f};
    private static final float[] FAKE = {-3.0f, 0.25f, 1.5f, -40f};

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /**
     * −log σ(r) − log(1 − σ(f)) and −log σ(f), averaged, from the logits by hand; the ±40 logits would
     * overflow a naive log(1 + e^x) in float and must come out as 40 and e^−40.
     */
    @Test
    void nonSaturatingLossesMatchTheirClosedForms() throws Exception {
        double d = 0;
        double g = 0;
        for (int i = 0; i < REAL.length; i++) {
            d += (-Math.log(1 / (1 + Math.exp(-REAL[i]))) - Math.log(1 - 1 / (1 + Math.exp(-FAKE[i])))) / REAL.length;
            g += softplus(-FAKE[i]) / FAKE.length;
        }
        float[] got = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray real = m.create(REAL);
                NDArray fake = m.create(FAKE);
                return new float[] {GanLosses.discriminatorLoss(real, fake).getFloat(),
                        GanLosses.generatorLoss(fake).getFloat(), GanLosses.wasserstein(real, fake).getFloat(),
                        GanLosses.criticGeneratorLoss(fake).getFloat()};
            }
        });
        assertEquals(d, got[0], 1e-5);
        assertEquals(g, got[1], 1e-5);
        assertEquals((2 - 1 + 0.5 + 40) / 4.0 - (-3 + 0.25 + 1.5 - 40) / 4.0, got[2], 1e-5);
        assertEquals(-(-3 + 0.25 + 1.5 - 40) / 4.0, got[3], 1e-5);
    }

    /**
     * A linear critic D(x) = w·x + b has the input gradient w at every x, so the penalty is (‖w‖ − 1)²
     * whatever the interpolates, and its gradient with respect to w is 2(‖w‖ − 1)·w/‖w‖: the second-order
     * gradient the critic's update needs.
     */
    @Test
    void theGradientPenaltyOfALinearCriticIsTheDistanceOfItsWeightNormFromOne() throws Exception {
        float[] w = {0.6f, -1.2f, 0.3f, 0.9f, -0.4f, 0.2f};
        double norm = 0;
        for (float v : w) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[][] got = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray weight = Autograd.leaf(m.create(w, new Shape(6, 1)));
                NDArray bias = m.create(0.7f);
                NDArray x = m.randomUniform(0, 1, new Shape(3, 1, 2, 3));
                NDArray penalty = GanLosses.gradientPenalty(v -> v.reshape(3, 6).matMul(weight).reshape(-1).add(bias), x);
                return new float[][] {{penalty.getFloat()}, Autograd.grad(penalty, weight).toFloatArray()};
            }
        });
        assertEquals((norm - 1) * (norm - 1), got[0][0], 1e-5);
        for (int i = 0; i < w.length; i++) {
            assertEquals(2 * (norm - 1) * w[i] / norm, got[1][i], 1e-5, "∂penalty/∂w" + i);
        }
    }

    /**
     * The norm is taken per image, not over the batch: D(x) = a·‖x‖²/2 has the input gradient a·x, so
     * the penalty is the mean of (a‖x_i‖ − 1)² and its derivative in a the mean of 2(a‖x_i‖ − 1)‖x_i‖.
     */
    @Test
    void theGradientNormIsTakenPerImage() throws Exception {
        float[] x = {3, 4, 0, 0, 1, 0, 0, 0, 1, 2, 2, 0};
        double a = 0.5;
        double[] norms = {5, 1, 3};
        double penalty = 0;
        double slope = 0;
        for (double n : norms) {
            penalty += (a * n - 1) * (a * n - 1) / 3;
            slope += 2 * (a * n - 1) * n / 3;
        }
        float[] got = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray scale = Autograd.leaf(m.create(new float[] {(float) a}));
                NDArray images = m.create(x, new Shape(3, 1, 2, 2));
                NDArray p = GanLosses.gradientPenalty(v -> Scalars.dividedBy(v.square().sum(new int[] {1, 2, 3}).mul(scale), 2), images);
                return new float[] {p.getFloat(), Autograd.grad(p, List.of(scale), false).get(0).getFloat()};
            }
        });
        assertEquals(penalty, got[0], 1e-5);
        assertEquals(slope, got[1], 1e-5);
    }
}
