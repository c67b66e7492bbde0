package org.invwb.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.invwb.core.data.FloatImage;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {

    private static FloatImage random(int c, int h, int w, long seed) {
        Random rng = new Random(seed);
        float[] px = new float[c * h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = rng.nextFloat();
        }
        return new FloatImage(c, h, w, px);
    }

    private static FloatImage constant(int c, int h, int w, float value) {
        float[] px = new float[c * h * w];
        Arrays.fill(px, value);
        return new FloatImage(c, h, w, px);
    }

    @Test
    void constantOffsetHasClosedForms() {
        FloatImage a = constant(1, 16, 16, 0.25f);
        FloatImage b = constant(1, 16, 16, 0.75f);
        assertEquals(0.25, ImageMetrics.mse(a, b), 1e-12);
        assertEquals(10 * Math.log10(4), ImageMetrics.psnr(a, b), 1e-12);
        // Flat images: only the luminance term is left, (2 mx my + C1) / (mx^2 + my^2 + C1).
        double c1 = 1e-4;
        double luminance = (2 * 0.25 * 0.75 + c1) / (0.25 * 0.25 + 0.75 * 0.75 + c1);
        assertEquals(luminance, ImageMetrics.ssim(a, b), 1e-12);
    }

    @Test
    void identicalImagesAreCappedAndPerfect() {
        FloatImage a = random(3, 20, 24, 1);
        assertEquals(0.0, ImageMetrics.mse(a, a));
        assertEquals(ImageMetrics.MAX_PSNR_DB, ImageMetrics.psnr(a, a));
        assertEquals(1.0, ImageMetrics.ssim(a, a), 1e-12);
    }

    @Test
    void colourSsimIsTheMeanOfChannelSsims() {
        FloatImage a = random(3, 16, 16, 2);
        FloatImage b = random(3, 16, 16, 3);
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += ImageMetrics.ssim(channel(a, c), channel(b, c));
        }
        assertEquals(sum / 3, ImageMetrics.ssim(a, b), 1e-12);
    }

    @Test
    void ssimIsSymmetricAndBelowOneForNoise() {
        FloatImage a = random(1, 32, 32, 4);
        FloatImage b = random(1, 32, 32, 5);
        double s = ImageMetrics.ssim(a, b);
        assertEquals(s, ImageMetrics.ssim(b, a), 1e-12);
        assertTrue(Math.abs(s) < 0.2, "independent noise is nearly dissimilar, got " + s);
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        FloatImage grey = random(1, 28, 28, 6);
        FloatImage colour = random(3, 28, 28, 7);
        var e = assertThrows(IllegalArgumentException.class, () -> ImageMetrics.mse(grey, colour));
        assertTrue(e.getMessage().contains("1x28x28") && e.getMessage().contains("3x28x28"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.ssim(grey, colour));
        assertThrows(IllegalArgumentException.class, () -> ImageMetrics.psnr(grey, colour));
    }

    @Test
    void ssimRejectsImagesSmallerThanTheWindow() {
        FloatImage small = random(1, 10, 32, 8);
        var e = assertThrows(IllegalArgumentException.class, () -> ImageMetrics.ssim(small, small));
        assertTrue(e.getMessage().contains("11x11"), e.getMessage());
    }

    private static FloatImage channel(FloatImage image, int c) {
        int plane = image.height() * image.width();
        float[] px = Arrays.copyOfRange(image.pixels(), c * plane, (c + 1) * plane);
        return new FloatImage(1, image.height(), image.width(), px);
    }
}
