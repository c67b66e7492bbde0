package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;

/** Dropout with given masks against the closed form of a two-input, three-unit, two-class MLP. */
class DropoutTest {

    private static final float[] W0 = {1, -2, 0.5f, 1, -1, 3};
    private static final float[] B0 = {0.5f, 0.25f, 1};
    private static final float[] W1 = {1, 2, -1, -0.5f, 1, 2};
    private static final float[] B1 = {0.1f, -0.2f};
    private static final float[] X = {1, 2, 0.5f, 0.25f};

    private static Mlp network() {
        return new Mlp(new Shape(1, 1, 2), 2, 3);
    }

    private static StateDict weights() {
        return new StateDict(Map.of("linear0.weight", new HostTensor(new long[] {3, 2}, W0),
                "linear0.bias", new HostTensor(new long[] {3}, B0),
                "linear1.weight", new HostTensor(new long[] {2, 3}, W1),
                "linear1.bias", new HostTensor(new long[] {2}, B1)));
    }

    /** logits = W1·(relu(W0·x + b0) ⊙ mask / (1 − p)) + b1, example by example. */
    private static float[] closedForm(float[] mask, double p) {
        float[] out = new float[4];
        for (int n = 0; n < 2; n++) {
            double[] h = new double[3];
            for (int i = 0; i < 3; i++) {
                double a = W0[2 * i] * X[2 * n] + W0[2 * i + 1] * X[2 * n + 1] + B0[i];
                h[i] = Math.max(0, a) * mask[3 * n + i] / (1 - p);
            }
            for (int k = 0; k < 2; k++) {
                out[2 * n + k] = (float) (W1[3 * k] * h[0] + W1[3 * k + 1] * h[1] + W1[3 * k + 2] * h[2] + B1[k]);
            }
        }
        return out;
    }

    private static float[] forward(DropoutMaskSpec spec) throws Exception {
        return ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                LinkedHashMap<String, NDArray> params = weights().toArrays(m);
                NDArray x = m.create(X, new Shape(2, 1, 1, 2));
                Map<String, NDArray> keep = spec.mask == null ? Map.of()
                        : Map.of(spec.site, m.create(spec.mask, new Shape(2, 3)));
                return network().forward(params, x, true, new DropoutMasks(spec.rate, keep)).toFloatArray();
            }
        });
    }

    private record DropoutMaskSpec(String site, float[] mask, double rate) {
    }

    @Test
    void keptUnitsAreScaledByOneOverOneMinusP() throws Exception {
        float[] mask = {1, 0, 1, 0, 1, 1};
        assertArrayEquals(closedForm(mask, 0.25), forward(new DropoutMaskSpec("dropout0", mask, 0.25)), 1e-5f);
        float[] relaxed = {0.5f, 0.1f, 1, 0, 0.75f, 0.3f};
        assertArrayEquals(closedForm(relaxed, 0.4), forward(new DropoutMaskSpec("dropout0", relaxed, 0.4)), 1e-5f);
    }

    @Test
    void withoutMasksTheForwardIsThePlainOne() throws Exception {
        float[] ones = {1, 1, 1, 1, 1, 1};
        float[] plain = forward(new DropoutMaskSpec(null, null, 0.5));
        assertArrayEquals(closedForm(ones, 0), plain, 1e-5f);
        float[] evalMode = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                return network().forward(weights().toArrays(m), m.create(X, new Shape(2, 1, 1, 2)), false).toFloatArray();
            }
        });
        assertArrayEquals(plain, evalMode);
    }

    @Test
    void theZooDeclaresItsDropoutSites() {
        assertEquals(Map.of("dropout0", 3), network().dropoutSites());
        assertEquals(Map.of("model.dropout", 4 * 3 * 3), NetworkZoo.create(ConvNet.NAME, 1, 28, 10, 1).dropoutSites());
        assertEquals(Map.of("dropout", 12 * 8 * 8), NetworkZoo.create(DlgLeNet.NAME, 3, 32, 10).dropoutSites());
        assertEquals(Map.of(), NetworkZoo.create(CifarResNet.RESNET20, 3, 32, 10).dropoutSites());
        assertThrows(IllegalArgumentException.class, () -> forward(new DropoutMaskSpec("dropout7", new float[6], 0.5)));
    }
}
