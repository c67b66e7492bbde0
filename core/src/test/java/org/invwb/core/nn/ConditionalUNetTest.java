package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;

class ConditionalUNetTest {

    private static float[] noise(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void predictsNoiseOfTheInputsShapeAtBothSizes() throws Exception {
        for (int[] c : new int[][] {{1, 28}, {3, 32}}) {
            ConditionalUNet unet = new ConditionalUNet(c[0], c[1], 10, 8);
            StateDict weights = unet.initialise(1);
            Shape shape = ComputeThread.call(() -> {
                try (NDManager m = NDManager.newBaseManager()) {
                    NDArray x = m.create(noise(3 * c[0] * c[1] * c[1], 2), new Shape(3, c[0], c[1], c[1]));
                    return unet.forward(weights.toArrays(m), x, new int[] {0, 500, 999}, new int[] {0, 9, 10}).getShape();
                }
            });
            assertEquals(new Shape(3, c[0], c[1], c[1]), shape);
        }
        assertEquals(new Shape(11, 32), new ConditionalUNet(1, 28, 10, 8).parameterShapes().get("class_embed.weight"));
        assertThrows(IllegalArgumentException.class, () -> new ConditionalUNet(1, 30, 10, 8));
        assertThrows(IllegalArgumentException.class, () -> new ConditionalUNet(1, 28, 10, 12));
    }

    /**
     * The null class is the embedding's last row: asking for class numClasses and handing that row in
     * directly give the same ε, a real class gives another, and there is no class beyond the null one.
     */
    @Test
    void theNullClassIsTheLastEmbeddingRow() throws Exception {
        ConditionalUNet unet = new ConditionalUNet(1, 28, 10, 8);
        StateDict weights = unet.initialise(4);
        float[][] out = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                LinkedHashMap<String, NDArray> p = weights.toArrays(m);
                NDArray x = m.create(noise(2 * 784, 5), new Shape(2, 1, 28, 28));
                int[] t = {300, 300};
                NDArray byIndex = unet.forward(p, x, t, new int[] {10, 10});
                NDArray row = p.get("class_embed.weight").get("10:11").broadcast(new Shape(2, 32));
                NDArray byRow = unet.forward(p, x, t, row);
                NDArray byClass = unet.forward(p, x, t, new int[] {3, 3});
                return new float[][] {byIndex.toFloatArray(), byRow.toFloatArray(), byClass.toFloatArray()};
            }
        });
        assertArrayEquals(out[0], out[1], 1e-6f);
        double difference = 0;
        for (int i = 0; i < out[0].length; i++) {
            difference = Math.max(difference, Math.abs(out[0][i] - out[2][i]));
        }
        assertTrue(difference > 1e-3, "class 3 and the null class gave the same ε");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                return unet.classEmbedding(weights.toArrays(m), new int[] {11}, m.zeros(new Shape(1)));
            }
        }));
        assertTrue(e.getMessage().contains("null class"), e.getMessage());
    }

    /** The same weights in float64 compute the same function as in float32, to float32's precision. */
    @Test
    void runsInFloat64() throws Exception {
        ConditionalUNet unet = new ConditionalUNet(1, 28, 10, 8);
        StateDict weights = unet.initialise(6);
        Object[] out = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                LinkedHashMap<String, NDArray> p32 = weights.toArrays(m);
                LinkedHashMap<String, NDArray> p64 = new LinkedHashMap<>();
                p32.forEach((k, v) -> p64.put(k, v.toType(DataType.FLOAT64, true)));
                NDArray x = m.create(noise(784, 7), new Shape(1, 1, 28, 28));
                NDArray e32 = unet.forward(p32, x, new int[] {123}, new int[] {4});
                NDArray e64 = unet.forward(p64, x.toType(DataType.FLOAT64, true), new int[] {123}, new int[] {4});
                return new Object[] {e32.toFloatArray(), e64.getDataType(), e64.toDoubleArray()};
            }
        });
        assertEquals(DataType.FLOAT64, out[1]);
        float[] e32 = (float[]) out[0];
        double[] e64 = (double[]) out[2];
        for (int i = 0; i < e32.length; i++) {
            assertEquals(e64[i], e32[i], 1e-4 * (1 + Math.abs(e64[i])), "pixel " + i);
        }
    }
}
