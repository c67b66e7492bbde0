package org.invwb.core.attack.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;

class InvertibilityMaskTest {

    /**
     * A solid 8×8 block the generator missed is masked where at least 13 of a pixel's 25 window pixels
     * are in the block: all but the pixels with one coordinate on the block's edge (3 rows or columns of
     * the window inside) and the other within 1 of an edge (at most 4): 64 − 12 = 52 pixels. A 1 px stroke
     * it missed is not masked (at most 5 of 25).
     */
    @Test
    void aSolidRegionIsMaskedAndAThinStrokeIsNot() throws Exception {
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.zeros(new Shape(1, 1, 28, 28));
                x.set(new NDIndex(":, :, 1:9, 1:9"), 1f);
                x.set(new NDIndex(":, :, 20, 5:25"), 1f);
                NDArray g = m.zeros(new Shape(1, 1, 28, 28));
                float[] mask = InvertibilityMask.derive(x, g, 0.5, 5).toFloatArray();
                int masked = 0;
                for (int y = 0; y < 28; y++) {
                    for (int c = 0; c < 28; c++) {
                        int inside = overlap(y) * overlap(c);
                        assertEquals(inside >= 13 ? 1f : 0f, mask[y * 28 + c], "pixel " + y + "," + c);
                        masked += (int) mask[y * 28 + c];
                    }
                }
                assertEquals(52, masked);
                // the mask's IoU with the 64 stamped pixels of the square is 52/64
                assertEquals(52 / 64.0, OutOfDomainInversion.iou(mask, StampedContent.SQUARE, 28, 28), 1e-12);
                return null;
            }
        });
    }

    /** Rows (or columns) of the 5-wide window around {@code i} that fall in the block's 1..8. */
    private static int overlap(int i) {
        return Math.max(0, Math.min(i + 2, 8) - Math.max(i - 2, 1) + 1);
    }

    /** The blend takes the input where the mask is 1 and the generator's image where it is 0. */
    @Test
    void theBlendTakesTheInputUnderTheMask() throws Exception {
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(new float[] {0.9f, 0.1f, 0.4f, 0.7f}, new Shape(1, 1, 2, 2));
                NDArray g = m.create(new float[] {0.2f, 0.3f, 0.5f, 0.6f}, new Shape(1, 1, 2, 2));
                NDArray mask = m.create(new float[] {1, 0, 0, 1}, new Shape(1, 1, 2, 2));
                float[] blend = InvertibilityMask.blend(g, mask, x).toFloatArray();
                float[] expected = {0.9f, 0.3f, 0.5f, 0.7f};
                for (int i = 0; i < 4; i++) {
                    assertEquals(expected[i], blend[i], 1e-6f);
                }
                return null;
            }
        });
    }
}
