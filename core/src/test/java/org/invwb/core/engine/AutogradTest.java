package org.invwb.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutogradTest {

    /**
     * L(w, x) = ½ w² x², so ∂L/∂w = w x². Matching loss M = (w x² − t)², whose derivative with respect
     * to x is 2 (w x² − t) · 2 w x. ∂L/∂x = w² x must not leak into it.
     */
    @Test
    void secondOrderGradientMatchesHandDerivation() throws Exception {
        double w = 0.7;
        double x = 1.3;
        double t = 0.2;
        double expected = 2 * (w * x * x - t) * 2 * w * x;
        double got = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray wv = Autograd.leaf(m.create(new float[] {(float) w}));
                NDArray xv = Autograd.leaf(m.create(new float[] {(float) x}));
                NDArray loss = wv.square().mul(xv.square()).mul(0.5f).sum();
                NDArray gw = Autograd.grad(loss, List.of(wv), true).get(0);
                assertEquals(w * x * x, gw.getFloat(0), 1e-5);
                NDArray match = gw.sub((float) t).square().sum();
                return (double) Autograd.grad(match, xv).getFloat(0);
            }
        });
        assertEquals(expected, got, 1e-4);
    }

    /** Mixed second derivative of L = sin(w·x) summed: ∂/∂x (∂L/∂w · v) against the closed form. */
    @Test
    void vectorSecondDerivativeMatchesClosedForm() throws Exception {
        float[] w = {0.3f, -0.8f, 1.1f};
        float[] x = {0.5f, 0.2f, -0.4f};
        float[] v = {1.0f, 2.0f, -1.0f};
        float[] got = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray wv = Autograd.leaf(m.create(w));
                NDArray xv = Autograd.leaf(m.create(x));
                NDArray loss = wv.mul(xv).sin().sum();
                NDArray gw = Autograd.grad(loss, List.of(wv), true).get(0);
                return Autograd.grad(gw.mul(m.create(v)).sum(), xv).toFloatArray();
            }
        });
        // ∂L/∂w_i = cos(w_i x_i) x_i; ∂/∂x_i of v_i cos(w_i x_i) x_i = v_i (cos(w_i x_i) − w_i x_i sin(w_i x_i))
        for (int i = 0; i < 3; i++) {
            double wx = w[i] * x[i];
            assertEquals(v[i] * (Math.cos(wx) - wx * Math.sin(wx)), got[i], 1e-5);
        }
    }
}
