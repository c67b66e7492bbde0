package org.invwb.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutogradTest {

    /**
     * L(w, x) = ½ w² x², so ∂L/∂w = w x². Matching loss M = (w x² − t)², whose derivative with respect
     * to x is 2 (w x² − t) · 2 w x. The first backward also deposits ∂L/∂x = w² x into x's gradient,
     * which the recipe must not mix into ∂M/∂x.
     */
    @Test
    void secondOrderGradientMatchesHandDerivation() throws Exception {
        double w = 0.7, x = 1.3, t = 0.2;
        double expected = 2 * (w * x * x - t) * 2 * w * x;
        double got = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray wv = Autograd.leaf(m.create(new float[] {(float) w}));
                NDArray xv = Autograd.leaf(m.create(new float[] {(float) x}));
                NDArray loss = wv.square().mul(xv.square()).mul(0.5f).sum();
                NDArray gw = Autograd.gradients(loss, List.of(wv), true).get(0);
                NDArray match = gw.sub((float) t).square().sum();
                return (double) Autograd.inputGradient(match, xv).getFloat();
            }
        });
        assertEquals(expected, got, 1e-5);
    }
}
