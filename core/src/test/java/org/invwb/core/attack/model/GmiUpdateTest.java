package org.invwb.core.attack.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.optim.Sgd;
import org.junit.jupiter.api.Test;

/** GMI's hand-written momentum update is torch's SGD with Nesterov momentum, which the search runs as sgd-nesterov. */
class GmiUpdateTest {

    /** On f(z) = ½‖z − a‖² (gradient z − a): v ← m·v − lr·g; z ← z − m·v_prev + (1 + m)·v, as in GMI's recovery script. */
    @Test
    void gmisUpdateIsNesterovSgd() throws Exception {
        float[] a = {1, -2, 0.5f};
        double lr = 0.1;
        double m = 0.9;
        double[] z = {0, 0, 0};
        double[] v = {0, 0, 0};
        for (int step = 0; step < 6; step++) {
            for (int i = 0; i < z.length; i++) {
                double vPrev = v[i];
                v[i] = m * v[i] - lr * (z[i] - a[i]);
                z[i] += -m * vPrev + (1 + m) * v[i];
            }
        }
        float[] expected = {(float) z[0], (float) z[1], (float) z[2]};
        float[] actual = ComputeThread.call(() -> {
            try (NDManager manager = NDManager.newBaseManager(); Sgd sgd = new Sgd(manager, lr, m, 0, true)) {
                NDArray x = manager.zeros(new ai.djl.ndarray.types.Shape(3));
                NDArray target = manager.create(a);
                for (int step = 0; step < 6; step++) {
                    sgd.step(List.of(x), List.of(x.sub(target)));
                }
                return x.toFloatArray();
            }
        });
        assertArrayEquals(expected, actual, 1e-5f);
    }
}
