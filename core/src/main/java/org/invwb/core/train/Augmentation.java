package org.invwb.core.train;

import java.util.SplittableRandom;

/**
 * The standard augmentation of small-image classifiers: a random crop of the image's own size from
 * the image padded with zeros on every side, then a horizontal flip with probability ½ (torchvision's
 * {@code RandomCrop(size, padding)} followed by {@code RandomHorizontalFlip()}), drawn afresh for
 * every image of every batch.
 */
final class Augmentation {

    /** Zero padding on each side before cropping, as in the CIFAR recipes (crop 32 from 40). */
    static final int PADDING = 4;

    private Augmentation() {
    }

    /** Augmented copies of {@code count} NCHW images; {@code pixels} is left as it is. */
    static float[] apply(float[] pixels, int count, int channels, int height, int width, SplittableRandom random) {
        float[] out = new float[pixels.length];
        int plane = height * width;
        for (int n = 0; n < count; n++) {
            // the crop's top-left corner in the padded image, then whether to mirror the crop
            int dy = random.nextInt(2 * PADDING + 1) - PADDING;
            int dx = random.nextInt(2 * PADDING + 1) - PADDING;
            boolean flip = random.nextBoolean();
            for (int c = 0; c < channels; c++) {
                int base = (n * channels + c) * plane;
                for (int y = 0; y < height; y++) {
                    int sy = y + dy;
                    if (sy < 0 || sy >= height) {
                        continue; // padding: stays 0
                    }
                    for (int x = 0; x < width; x++) {
                        int sx = (flip ? width - 1 - x : x) + dx;
                        if (sx >= 0 && sx < width) {
                            out[base + y * width + x] = pixels[base + sy * width + sx];
                        }
                    }
                }
            }
        }
        return out;
    }
}
