package org.invwb.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageBatchResizeTest {

    private static final float EPS = 1e-5f;

    private static ImageBatch grey(int height, int width, float... pixels) {
        return new ImageBatch(pixels, 1, 1, height, width, new int[] {4}, 10, List.of());
    }

    private static float[] random(int n, long seed) {
        Random rnd = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = rnd.nextFloat();
        }
        return out;
    }

    @Test
    void constantImageStaysConstantAtAnySize() {
        float[] px = new float[2 * 3 * 7 * 9];
        Arrays.fill(px, 0.37f);
        ImageBatch batch = new ImageBatch(px, 2, 3, 7, 9, null, 0, List.of());
        for (int[] size : new int[][] {{3, 4}, {7, 20}, {16, 2}, {1, 1}, {32, 32}}) {
            for (float v : batch.resized(size[0], size[1]).pixels()) {
                assertEquals(0.37f, v, EPS);
            }
        }
    }

    @Test
    void halvingAveragesEachTwoByTwoBlock() {
        ImageBatch batch = grey(2, 4, 0.1f, 0.3f, 0.0f, 1.0f,
                0.5f, 0.7f, 0.2f, 0.6f);
        ImageBatch half = batch.resized(1, 2);
        assertEquals((0.1f + 0.3f + 0.5f + 0.7f) / 4, half.pixels()[0], EPS);
        assertEquals((0.0f + 1.0f + 0.2f + 0.6f) / 4, half.pixels()[1], EPS);
    }

    @Test
    void areaAverageMatchesSupersampledBlockMeans() {
        // shrinking 7 -> 3 equals: repeat each pixel 3 times (21 samples), then average blocks of 7
        int in = 7;
        int out = 3;
        float[] px = random(in * in, 1);
        ImageBatch resized = grey(in, in, px).resized(out, out);
        for (int oy = 0; oy < out; oy++) {
            for (int ox = 0; ox < out; ox++) {
                double sum = 0;
                for (int sy = oy * in; sy < (oy + 1) * in; sy++) {
                    for (int sx = ox * in; sx < (ox + 1) * in; sx++) {
                        sum += px[(sy / out) * in + sx / out];
                    }
                }
                assertEquals(sum / (in * in), resized.pixels()[oy * out + ox], EPS);
            }
        }
    }

    @Test
    void shrinkingKeepsTheMean() {
        float[] px = random(3 * 30 * 30, 2);
        ImageBatch batch = new ImageBatch(px, 1, 3, 30, 30, null, 0, List.of());
        ImageBatch small = batch.resized(7, 11);
        for (int c = 0; c < 3; c++) {
            assertEquals(mean(px, c * 900, 900), mean(small.pixels(), c * 77, 77), 1e-4);
        }
    }

    @Test
    void enlargingIsBilinearWithHalfPixelCentres() {
        // 1x2 -> 1x4: output centres map to source x = -0.25, 0.25, 0.75, 1.25 (edges clamp)
        ImageBatch wide = grey(1, 2, 0.2f, 1.0f).resized(1, 4);
        assertArrayEquals(new float[] {0.2f, 0.4f, 0.8f, 1.0f}, wide.pixels(), EPS);
    }

    @Test
    void enlargingALinearRampKeepsItLinearInside() {
        float[] ramp = new float[8];
        for (int x = 0; x < 8; x++) {
            ramp[x] = x / 7f;
        }
        ImageBatch up = grey(1, 8, ramp).resized(1, 16);
        // away from the clamped borders, neighbouring outputs differ by the ramp step times 8/16
        for (int x = 2; x < 14; x++) {
            assertEquals(0.5f / 7f, up.pixels()[x + 1] - up.pixels()[x], EPS);
        }
    }

    @Test
    void axesAreResampledIndependently() {
        // shrink rows 2 -> 1 (mean), grow columns 1 -> 3 (constant)
        ImageBatch batch = grey(2, 1, 0.2f, 0.6f).resized(1, 3);
        assertArrayEquals(new float[] {0.4f, 0.4f, 0.4f}, batch.pixels(), EPS);
    }

    @Test
    void sameSizeIsUnchangedAndLabelsAreKept() {
        ImageBatch batch = grey(2, 2, 0.1f, 0.2f, 0.3f, 0.4f);
        assertSame(batch, batch.resized(2, 2));
        ImageBatch resized = batch.resized(5, 3);
        assertArrayEquals(new int[] {4}, resized.labels());
        assertEquals(10, resized.numClasses());
        assertThrows(IllegalArgumentException.class, () -> batch.resized(0, 3));
    }

    @Test
    void greyToColourReplicates() {
        ImageBatch rgb = grey(1, 2, 0.25f, 0.75f).withChannels(3);
        assertEquals(3, rgb.channels());
        assertArrayEquals(new float[] {0.25f, 0.75f, 0.25f, 0.75f, 0.25f, 0.75f}, rgb.pixels());
        assertArrayEquals(new int[] {4}, rgb.labels());
    }

    @Test
    void colourToGreyIsBt601Luma() {
        // pixels: pure red, pure green, pure blue, white
        float[] px = {1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1};
        ImageBatch grey = new ImageBatch(px, 1, 3, 1, 4, null, 0, List.of()).withChannels(1);
        assertArrayEquals(new float[] {0.299f, 0.587f, 0.114f, 1f}, grey.pixels(), EPS);
    }

    @Test
    void roundTripThroughColourRestoresGrey() {
        float[] px = random(2 * 5 * 5, 3);
        ImageBatch batch = new ImageBatch(px, 2, 1, 5, 5, null, 0, List.of());
        assertArrayEquals(px, batch.withChannels(3).withChannels(1).pixels(), EPS);
    }

    @Test
    void otherChannelCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> grey(1, 1, 0f).withChannels(4));
    }

    private static double mean(float[] data, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            sum += data[i];
        }
        return sum / n;
    }
}
