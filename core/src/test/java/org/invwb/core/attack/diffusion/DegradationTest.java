package org.invwb.core.attack.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;

/** The measurement operators against hand-computed values. */
class DegradationTest {

    private static ParamValues section(String task, String mask, int factor, double sigma) throws SpecException {
        return Degradation.SECTION.defaults().with("task", task).with("mask", mask).with("factor", factor)
                .with("sigmaY", sigma);
    }

    private static int hidden(float[] mask) {
        int n = 0;
        for (float v : mask) {
            n += v == 0 ? 1 : 0;
        }
        return n;
    }

    /** ×2 average pooling of 0..15 in a 4×4 grid: each 2×2 block's mean, 2.5 4.5 / 10.5 12.5; ×4: 7.5. */
    @Test
    void averagePoolingMatchesTheBlockMeans() throws Exception {
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.arange(16f).reshape(1, 1, 4, 4);
                Degradation two = Degradation.of(section("super-resolution", "box", 2, 0), 1, 4, new SplittableRandom(0), m);
                assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, two.apply(x).toFloatArray(), 1e-6f);
                assertEquals(new Shape(1, 1, 2, 2), two.apply(x).getShape());
                assertEquals(4, two.measurementsPerImage());
                Degradation four = Degradation.of(section("super-resolution", "box", 4, 0), 1, 4, new SplittableRandom(0), m);
                assertArrayEquals(new float[] {7.5f}, four.apply(x).toFloatArray(), 1e-6f);
                // A⁺ repeats each value over its block, and A(A⁺y) = y
                NDArray y = two.apply(x);
                assertArrayEquals(new float[] {2.5f, 2.5f, 4.5f, 4.5f, 2.5f, 2.5f, 4.5f, 4.5f,
                    10.5f, 10.5f, 12.5f, 12.5f, 10.5f, 10.5f, 12.5f, 12.5f}, two.pseudoInverse(y).toFloatArray(), 0f);
                assertArrayEquals(y.toFloatArray(), two.apply(two.pseudoInverse(y)).toFloatArray(), 1e-6f);
            }
            return null;
        });
    }

    /** Box 0.5 of 28 px hides the centred 14×14 square (rows and columns 7..20); half the right 14 columns. */
    @Test
    void masksHideTheirShapes() throws Exception {
        float[] box = Degradation.mask(section("inpainting", "box", 4, 0), 28, new SplittableRandom(0));
        assertEquals(196, hidden(box));
        assertEquals(0, box[7 * 28 + 7]);
        assertEquals(0, box[20 * 28 + 20]);
        assertEquals(1, box[6 * 28 + 7]);
        assertEquals(1, box[21 * 28 + 20]);
        float[] half = Degradation.mask(section("inpainting", "half", 4, 0), 28, new SplittableRandom(0));
        assertEquals(392, hidden(half));
        assertEquals(1, half[5 * 28 + 13]);
        assertEquals(0, half[5 * 28 + 14]);
        // random: exactly round(0.7·784) = 549 pixels, a different set for another seed
        float[] a = Degradation.mask(section("inpainting", "random", 4, 0), 28, new SplittableRandom(1));
        float[] b = Degradation.mask(section("inpainting", "random", 4, 0), 28, new SplittableRandom(2));
        assertEquals(549, hidden(a));
        assertEquals(549, hidden(b));
        assertTrue(!java.util.Arrays.equals(a, b), "two seeds drew the same mask");
    }

    /**
     * Inpainting's y keeps the observed pixels (plus noise) and is exactly 0 in the holes; the shown
     * baseline paints the holes black (−1); A is a projection, A(A(x)) = A(x).
     */
    @Test
    void inpaintingObservesOnlyTheUnmaskedPixels() throws Exception {
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                Degradation d = Degradation.of(section("inpainting", "half", 4, 0.1), 2, 4, new SplittableRandom(0), m);
                assertEquals(2 * 8, d.measurementsPerImage());
                NDArray x = m.ones(new Shape(1, 2, 4, 4)).mul(0.5f);
                float[] y = d.measure(x, new SplittableRandom(3)).toFloatArray();
                float[] shown = d.baseline(m.create(y, new Shape(1, 2, 4, 4))).toFloatArray();
                for (int i = 0; i < y.length; i++) {
                    boolean hole = i % 4 >= 2;
                    if (hole) {
                        assertEquals(0f, y[i], "hole " + i);
                        assertEquals(-1f, shown[i], 1e-6f, "hole " + i);
                    } else {
                        assertTrue(y[i] != 0.5f && Math.abs(y[i] - 0.5f) < 0.6f, "observed " + i + ": " + y[i]);
                        assertEquals(y[i], shown[i], 1e-6f);
                    }
                }
                NDArray once = d.apply(x);
                assertArrayEquals(once.toFloatArray(), d.apply(once).toFloatArray(), 0f);
            }
            return null;
        });
    }

    /** Denoising adds noise of std σ_y: over 28·28·4 values the sample std is within 5 % of 0.5 (its SE is 1.3 %). */
    @Test
    void denoisingAddsNoiseOfTheGivenStd() throws Exception {
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                Degradation d = Degradation.of(section("denoising", "box", 4, 0.5), 1, 28, new SplittableRandom(0), m);
                NDArray x = m.zeros(new Shape(4, 1, 28, 28));
                float[] y = d.measure(x, new SplittableRandom(7)).toFloatArray();
                double s = 0;
                for (float v : y) {
                    s += v * v;
                }
                assertEquals(0.5, Math.sqrt(s / y.length), 0.025);
                assertArrayEquals(new float[4 * 28 * 28], x.toFloatArray(), 0f, "measuring changed the image");
            }
            return null;
        });
    }

    @Test
    void aFactorThatDoesNotDivideTheImageIsRefusedByName() {
        SpecException e = assertThrows(SpecException.class, () -> ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                return Degradation.of(section("super-resolution", "box", 3, 0), 1, 28, new SplittableRandom(0), m);
            }
        }));
        assertEquals("degradation.factor", e.path());
        assertTrue(e.getMessage().contains("28"), e.getMessage());
    }
}
