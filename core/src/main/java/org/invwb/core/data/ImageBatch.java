package org.invwb.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of same-sized images, NCHW contiguous floats in [0, 1], with optional labels.
 *
 * @param labels     class index per image, or null for an unlabeled batch
 * @param numClasses number of classes of the data set the batch comes from (0 when unknown)
 * @param classNames one name per class (may be empty)
 */
public record ImageBatch(float[] pixels, int count, int channels, int height, int width,
                         int[] labels, int numClasses, List<String> classNames) {

    public ImageBatch {
        if (count < 0 || channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("bad batch shape " + count + "x" + channels + "x" + height + "x" + width);
        }
        if (pixels.length != count * channels * height * width) {
            throw new IllegalArgumentException("batch of shape " + count + "x" + channels + "x" + height + "x" + width
                    + " needs " + count * channels * height * width + " values, got " + pixels.length);
        }
        if (labels != null && labels.length != count) {
            throw new IllegalArgumentException("batch of " + count + " images has " + labels.length + " labels");
        }
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
    }

    public int imageSize() {
        return channels * height * width;
    }

    public FloatImage image(int i) {
        int n = imageSize();
        return new FloatImage(channels, height, width, Arrays.copyOfRange(pixels, i * n, (i + 1) * n));
    }

    public List<FloatImage> images() {
        List<FloatImage> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(image(i));
        }
        return out;
    }

    public boolean labeled() {
        return labels != null;
    }

    public static ImageBatch of(List<FloatImage> images, int[] labels, int numClasses, List<String> classNames) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one image");
        }
        FloatImage first = images.get(0);
        int n = first.size();
        float[] pixels = new float[images.size() * n];
        for (int i = 0; i < images.size(); i++) {
            FloatImage img = images.get(i);
            if (!img.sameShape(first)) {
                throw new IllegalArgumentException("image " + i + " is " + img.channels() + "x" + img.height() + "x"
                        + img.width() + ", the first is " + first.channels() + "x" + first.height() + "x" + first.width());
            }
            System.arraycopy(img.pixels(), 0, pixels, i * n, n);
        }
        return new ImageBatch(pixels, images.size(), first.channels(), first.height(), first.width(),
                labels, numClasses, classNames);
    }

    public ImageBatch subset(int[] indices) {
        List<FloatImage> picked = new ArrayList<>(indices.length);
        int[] pickedLabels = labels == null ? null : new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= count) {
                throw new IndexOutOfBoundsException("image index " + i + " is outside 0.." + (count - 1));
            }
            picked.add(image(i));
            if (pickedLabels != null) {
                pickedLabels[k] = labels[i];
            }
        }
        return of(picked, pickedLabels, numClasses, classNames);
    }

    /** Same images at {@code height x width}: area-averaged along a shrinking axis, bilinear along a growing one. */
    public ImageBatch resized(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + height + "x" + width);
        }
        if (height == this.height && width == this.width) {
            return this;
        }
        float[] out = Resampler.resize(pixels, count * channels, this.height, this.width, height, width);
        return new ImageBatch(out, count, channels, height, width, labels, numClasses, classNames);
    }

    /** Same images with 1 or 3 channels: grey is replicated into colour, colour becomes luma (BT.601). */
    public ImageBatch withChannels(int channels) {
        if (channels == this.channels) {
            return this;
        }
        float[] out = Channels.convert(pixels, count, height * width, this.channels, channels);
        return new ImageBatch(out, count, channels, height, width, labels, numClasses, classNames);
    }
}
