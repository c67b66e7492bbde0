package org.invwb.core.data;

/**
 * Separable image resizing. Each axis is resampled on its own: area averaging where it shrinks (every source
 * pixel counts with the fraction of it an output pixel covers, so no detail aliases away), bilinear with
 * half-pixel centres where it grows (the convention of PyTorch's {@code align_corners=False}).
 */
final class Resampler {

    /** For one output index: the first source index and the weights of consecutive source pixels. */
    private record Taps(int[] first, float[][] weights) {
    }

    private Resampler() {
    }

    /** Resizes {@code planes} consecutive {@code height x width} planes. */
    static float[] resize(float[] src, int planes, int height, int width, int outHeight, int outWidth) {
        Taps cols = taps(width, outWidth);
        Taps rows = taps(height, outHeight);
        float[] wide = new float[planes * height * outWidth];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < height; y++) {
                int in = (p * height + y) * width;
                int out = (p * height + y) * outWidth;
                for (int x = 0; x < outWidth; x++) {
                    wide[out + x] = dot(src, in + cols.first[x], 1, cols.weights[x]);
                }
            }
        }
        float[] dst = new float[planes * outHeight * outWidth];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < outHeight; y++) {
                int in = (p * height + rows.first[y]) * outWidth;
                int out = (p * outHeight + y) * outWidth;
                for (int x = 0; x < outWidth; x++) {
                    dst[out + x] = dot(wide, in + x, outWidth, rows.weights[y]);
                }
            }
        }
        return dst;
    }

    private static float dot(float[] data, int start, int stride, float[] weights) {
        float sum = 0f;
        for (int k = 0; k < weights.length; k++) {
            sum += data[start + k * stride] * weights[k];
        }
        return sum;
    }

    private static Taps taps(int in, int out) {
        return out < in ? areaTaps(in, out) : bilinearTaps(in, out);
    }

    private static Taps areaTaps(int in, int out) {
        int[] first = new int[out];
        float[][] weights = new float[out][];
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double lo = o * scale;
            double hi = (o + 1) * scale;
            int i0 = (int) Math.floor(lo);
            int i1 = Math.min(in, (int) Math.ceil(hi));
            first[o] = i0;
            weights[o] = new float[i1 - i0];
            for (int i = i0; i < i1; i++) {
                double overlap = Math.min(hi, i + 1) - Math.max(lo, i);
                weights[o][i - i0] = (float) (overlap / scale);
            }
        }
        return new Taps(first, weights);
    }

    private static Taps bilinearTaps(int in, int out) {
        int[] first = new int[out];
        float[][] weights = new float[out][];
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            // clamping at the borders repeats the edge pixel instead of blending in black
            double pos = Math.max(0, Math.min(in - 1, (o + 0.5) * scale - 0.5));
            int i0 = Math.min((int) Math.floor(pos), in - 1);
            float frac = (float) (pos - i0);
            first[o] = i0;
            weights[o] = i0 + 1 < in ? new float[] {1f - frac, frac} : new float[] {1f};
        }
        return new Taps(first, weights);
    }
}
