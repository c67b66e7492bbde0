package org.invwb.core.attack.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.Losses;
import org.junit.jupiter.api.Test;

class IdentityLossTest {

    private static double loss(String name, float[] logits, int target) throws Exception {
        return ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                return (double) IdentityLoss.of(name, m.create(logits).reshape(1, logits.length),
                        Losses.oneHot(m, new int[] {target}, logits.length)).getFloat();
            }
        });
    }

    /** logits (2, 1, −1), class 0: u = (0.5, 0.25, −0.25), v = (1 − 10⁻⁴, 0, 0), worked by hand. */
    @Test
    void poincareIsTheHyperbolicDistanceToTheShrunkOneHot() throws Exception {
        double v = 1 - 1e-4;
        double uNorm2 = 0.25 + 0.0625 + 0.0625;
        double diff2 = (0.5 - v) * (0.5 - v) + 0.0625 + 0.0625;
        double delta = 2 * diff2 / ((1 - uNorm2) * (1 - v * v));
        double expected = Math.log(1 + delta + Math.sqrt((1 + delta) * (1 + delta) - 1));
        assertEquals(expected, loss(IdentityLoss.POINCARE, new float[] {2, 1, -1}, 0), 1e-3 * expected);
    }

    @Test
    void crossEntropyIsMinusTheLogSoftmaxOfTheClass() throws Exception {
        double expected = -Math.log(Math.exp(1) / (Math.exp(2) + Math.exp(1) + Math.exp(-1)));
        assertEquals(expected, loss(IdentityLoss.CROSS_ENTROPY, new float[] {2, 1, -1}, 1), 1e-5);
    }
}
