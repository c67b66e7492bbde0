package org.invwb.core.metrics;

import org.invwb.core.data.FloatImage;

/**
 * Mean SSIM after Wang, Bovik, Sheikh and Simoncelli, "Image quality assessment: from error visibility
 * to structural similarity", IEEE Trans. Image Processing 13(4), 2004: local statistics under an 11x11
 * Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03, population (co)variances, data range 1.
 *
 * <p>Matches scikit-image's {@code structural_similarity(gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False, data_range=1)}: it filters with padding, then drops the
 * (11 - 1) / 2 = 5 border pixels before taking the mean. The window radius is also 5, so the windows
 * of the pixels it keeps never reach the padding; filtering only that valid region gives the same
 * numbers without padding anything.
 */
final class StructuralSimilarity {

    static final double SIGMA = 1.5;
    /** scipy's radius rule, int(truncate * sigma + 0.5) with skimage's truncate 3.5: an 11-tap window. */
    static final int RADIUS = (int) (3.5 * SIGMA + 0.5);
    static final int WINDOW = 2 * RADIUS + 1;

    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;
    private static final double[] WEIGHTS = gaussianWeights();

    private StructuralSimilarity() {
    }

    static double mean(FloatImage x, FloatImage y) {
        if (x.height() < WINDOW || x.width() < WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW
                    + " pixels (the Gaussian window), got " + ImageMetrics.shape(x));
        }
        double sum = 0;
        for (int c = 0; c < x.channels(); c++) {
            sum += channelMean(x, y, c);
        }
        return sum / x.channels();
    }

    private static double channelMean(FloatImage x, FloatImage y, int channel) {
        int h = x.height();
        int w = x.width();
        int validW = w - 2 * RADIUS;
        int validH = h - 2 * RADIUS;
        int offset = channel * h * w;
        float[] px = x.pixels();
        float[] py = y.pixels();

        // Separable filtering: rows first, keeping every row but only the valid columns.
        double[][] rows = new double[5][h * validW];
        for (int r = 0; r < h; r++) {
            for (int col = 0; col < validW; col++) {
                double mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
                int start = offset + r * w + col;
                for (int k = 0; k < WINDOW; k++) {
                    double wk = WEIGHTS[k];
                    double a = px[start + k];
                    double b = py[start + k];
                    mx += wk * a;
                    my += wk * b;
                    mxx += wk * a * a;
                    myy += wk * b * b;
                    mxy += wk * a * b;
                }
                int i = r * validW + col;
                rows[0][i] = mx;
                rows[1][i] = my;
                rows[2][i] = mxx;
                rows[3][i] = myy;
                rows[4][i] = mxy;
            }
        }

        double sum = 0;
        for (int r = 0; r < validH; r++) {
            for (int col = 0; col < validW; col++) {
                double ux = 0, uy = 0, uxx = 0, uyy = 0, uxy = 0;
                for (int k = 0; k < WINDOW; k++) {
                    double wk = WEIGHTS[k];
                    int i = (r + k) * validW + col;
                    ux += wk * rows[0][i];
                    uy += wk * rows[1][i];
                    uxx += wk * rows[2][i];
                    uyy += wk * rows[3][i];
                    uxy += wk * rows[4][i];
                }
                double vx = uxx - ux * ux;
                double vy = uyy - uy * uy;
                double vxy = uxy - ux * uy;
                sum += (2 * ux * uy + C1) * (2 * vxy + C2)
                        / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
            }
        }
        return sum / ((double) validH * validW);
    }

    /** Normalised taps exp(-k^2 / 2 sigma^2), k = -RADIUS..RADIUS, as scipy builds them. */
    private static double[] gaussianWeights() {
        double[] w = new double[WINDOW];
        double total = 0;
        for (int k = -RADIUS; k <= RADIUS; k++) {
            w[k + RADIUS] = Math.exp(-0.5 * k * k / (SIGMA * SIGMA));
            total += w[k + RADIUS];
        }
        for (int i = 0; i < WINDOW; i++) {
            w[i] /= total;
        }
        return w;
    }
}
