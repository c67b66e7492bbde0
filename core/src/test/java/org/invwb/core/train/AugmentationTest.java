package org.invwb.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static final int C = 2;
    private static final int H = 6;
    private static final int W = 5;

    /** Every output image is its input shifted by some (dy, dx) within the padding, maybe mirrored, zeros outside. */
    @Test
    void eachImageIsAPaddedCropOfItselfMaybeMirrored() {
        int count = 200;
        float[] pixels = new float[count * C * H * W];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 1 + i; // all distinct and non-zero, so a match is unambiguous
        }
        float[] out = Augmentation.apply(pixels, count, C, H, W, new SplittableRandom(3));
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < count; n++) {
            String found = null;
            for (int flip = 0; flip < 2 && found == null; flip++) {
                for (int dy = -Augmentation.PADDING; dy <= Augmentation.PADDING && found == null; dy++) {
                    for (int dx = -Augmentation.PADDING; dx <= Augmentation.PADDING && found == null; dx++) {
                        if (matches(pixels, out, n, dy, dx, flip == 1)) {
                            found = dy + "," + dx + "," + flip;
                        }
                    }
                }
            }
            assertTrue(found != null, "image " + n + " is no padded crop of its input");
            seen.add(found);
        }
        // 2 × 9 × 9 = 162 equally likely transforms: 200 draws must show many of them, flips included
        assertTrue(seen.size() > 60, "too few distinct transforms: " + seen.size());
        assertTrue(seen.stream().anyMatch(s -> s.endsWith(",1")) && seen.stream().anyMatch(s -> s.endsWith(",0")));
    }

    @Test
    void theInputIsLeftAsItIs() {
        float[] pixels = {1, 2, 3, 4};
        Augmentation.apply(pixels, 1, 1, 2, 2, new SplittableRandom(0));
        assertEquals(4f, pixels[3]);
    }

    private static boolean matches(float[] in, float[] out, int n, int dy, int dx, boolean flip) {
        for (int c = 0; c < C; c++) {
            int base = (n * C + c) * H * W;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int sy = y + dy;
                    int sx = (flip ? W - 1 - x : x) + dx;
                    float expected = sy >= 0 && sy < H && sx >= 0 && sx < W ? in[base + sy * W + sx] : 0;
                    if (out[base + y * W + x] != expected) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
