package org.invwb.core.attack.gan;

import java.util.List;
import org.invwb.core.data.ImageBatch;

/**
 * Content a GAN trained on digits never made, stamped onto its input so that out-of-domain inversion
 * has something to separate: a white square in the top-left corner, a white bar along the bottom, or a
 * 1 px checkerboard in the square's place, all outside the 20 px box MNIST centres its digits in (sizes
 * in 28ths of the image, so they scale).
 */
enum StampedContent {
    NONE(0, 0, 0, 0),
    /** 8×8 px at 28 px: rows and columns 1–8. */
    SQUARE(1, 9, 1, 9),
    /** 3×24 px at 28 px: rows 24–26, columns 2–25. */
    BAR(24, 27, 2, 26),
    /** The square's pixels as a 1 px checkerboard of white and black, detail no digit has. */
    CHECKER(1, 9, 1, 9);

    static final List<String> NAMES = List.of("none", "square", "bar", "checker");

    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    StampedContent(int top, int bottom, int left, int right) {
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    static StampedContent named(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether pixel (y, x) of an image of {@code height} × {@code width} is stamped. */
    boolean covers(int y, int x, int height, int width) {
        return this != NONE && y >= scaled(top, height) && y < scaled(bottom, height)
                && x >= scaled(left, width) && x < scaled(right, width);
    }

    private static int scaled(int at28, int size) {
        return Math.round(at28 * size / 28f);
    }

    /** The stamped value at pixel (y, x) of the region: white, or the checkerboard's white and black. */
    private float value(int y, int x) {
        return this != CHECKER || (y + x) % 2 == 0 ? 1 : 0;
    }

    /** The batch with the content stamped on every channel. */
    ImageBatch stamp(ImageBatch batch) {
        if (this == NONE) {
            return batch;
        }
        float[] pixels = batch.pixels().clone();
        int h = batch.height();
        int w = batch.width();
        for (int n = 0; n < batch.count() * batch.channels(); n++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (covers(y, x, h, w)) {
                        pixels[(n * h + y) * w + x] = value(y, x);
                    }
                }
            }
        }
        return new ImageBatch(pixels, batch.count(), batch.channels(), h, w, batch.labels(), batch.numClasses(),
                batch.classNames());
    }
}
