package org.invwb.core.metrics;

import org.invwb.core.data.FloatImage;

/**
 * Full-reference image quality of a reconstruction against its ground truth, with pixels in [0, 1]
 * (data range 1), following the convention of {@code reference/metrics/expected.json}.
 */
public final class ImageMetrics {

    /** Reports are JSON, which has no infinity: identical images get this instead. */
    public static final double MAX_PSNR_DB = 100.0;

    private ImageMetrics() {
    }

    /** Mean squared error over all pixels and channels. */
    public static double mse(FloatImage reference, FloatImage test) {
        requireSameShape(reference, test);
        float[] a = reference.pixels();
        float[] b = test.pixels();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum / a.length;
    }

    /** Peak signal-to-noise ratio in dB, {@code 10 log10(1 / MSE)}, at most {@link #MAX_PSNR_DB}. */
    public static double psnr(FloatImage reference, FloatImage test) {
        return psnrOf(mse(reference, test));
    }

    /** Mean structural similarity; colour images are averaged over channels. */
    public static double ssim(FloatImage reference, FloatImage test) {
        requireSameShape(reference, test);
        return StructuralSimilarity.mean(reference, test);
    }

    static double psnrOf(double mse) {
        return mse == 0 ? MAX_PSNR_DB : Math.min(MAX_PSNR_DB, -10 * Math.log10(mse));
    }

    static void requireSameShape(FloatImage reference, FloatImage test) {
        if (!reference.sameShape(test)) {
            throw new IllegalArgumentException("images differ in shape: reference " + shape(reference)
                    + ", test " + shape(test) + " (channels x height x width)");
        }
    }

    static String shape(FloatImage image) {
        return image.channels() + "x" + image.height() + "x" + image.width();
    }
}
