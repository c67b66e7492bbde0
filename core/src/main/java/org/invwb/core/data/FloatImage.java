package org.invwb.core.data;

/**
 * One image as plain floats, channel-major (CHW), values in [0, 1]. This is what leaves the compute
 * thread: events, metrics and views see images only in this form, never as NDArrays.
 */
public record FloatImage(int channels, int height, int width, float[] pixels) {

    public FloatImage {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("image of shape " + channels + "x" + height + "x" + width
                    + " needs " + channels * height * width + " values, got " + pixels.length);
        }
    }

    public float get(int c, int y, int x) {
        return pixels[(c * height + y) * width + x];
    }

    public int size() {
        return pixels.length;
    }

    /** Same shape, values clamped to [0, 1]. */
    public FloatImage clamped() {
        float[] out = new float[pixels.length];
        for (int i = 0; i < out.length; i++) {
            float v = pixels[i];
            out[i] = Float.isNaN(v) ? 0f : Math.max(0f, Math.min(1f, v));
        }
        return new FloatImage(channels, height, width, out);
    }

    public boolean sameShape(FloatImage other) {
        return channels == other.channels && height == other.height && width == other.width;
    }
}
