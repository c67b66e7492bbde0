package org.invwb.core.data;

/** Converts between grey (1 channel) and colour (3 channels) images stored channel-major. */
final class Channels {

    // ITU-R BT.601 luma weights, the convention of PIL's convert("L") and torchvision's rgb_to_grayscale
    private static final float RED = 0.299f;
    private static final float GREEN = 0.587f;
    private static final float BLUE = 0.114f;

    private Channels() {
    }

    /** Converts {@code count} images of {@code plane} pixels per channel; 1 -> 3 replicates, 3 -> 1 takes luma. */
    static float[] convert(float[] src, int count, int plane, int from, int to) {
        if (from == to) {
            return src.clone();
        }
        float[] dst = new float[count * to * plane];
        if (from == 1 && to == 3) {
            for (int i = 0; i < count; i++) {
                for (int c = 0; c < 3; c++) {
                    System.arraycopy(src, i * plane, dst, (i * 3 + c) * plane, plane);
                }
            }
        } else if (from == 3 && to == 1) {
            for (int i = 0; i < count; i++) {
                int base = i * 3 * plane;
                for (int k = 0; k < plane; k++) {
                    dst[i * plane + k] = RED * src[base + k] + GREEN * src[base + plane + k]
                            + BLUE * src[base + 2 * plane + k];
                }
            }
        } else {
            throw new IllegalArgumentException("cannot convert " + from + " channels to " + to
                    + " (only 1 <-> 3 is defined)");
        }
        return dst;
    }

    static FloatImage convert(FloatImage image, int to) {
        if (image.channels() == to) {
            return image;
        }
        int plane = image.height() * image.width();
        return new FloatImage(to, image.height(), image.width(),
                convert(image.pixels(), 1, plane, image.channels(), to));
    }
}
