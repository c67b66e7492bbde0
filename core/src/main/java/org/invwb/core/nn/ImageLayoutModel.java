package org.invwb.core.nn;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;

/**
 * A model of images of one channel count and size whose tensors a {@link StateLayout} describes: the name,
 * shapes, initialisation and image accessors every such model (UNet, GAN, encoder) shares.
 */
public abstract class ImageLayoutModel implements ParameterLayout {

    private final String name;
    private final int channels;
    private final int imageSize;

    ImageLayoutModel(String name, int channels, int imageSize) {
        this.name = name;
        this.channels = channels;
        this.imageSize = imageSize;
    }

    /** The tensors the constructor laid out. */
    abstract StateLayout layout();

    @Override
    public String name() {
        return name;
    }

    @Override
    public LinkedHashMap<String, Shape> parameterShapes() {
        return layout().shapes();
    }

    /** PyTorch's default initialisation of each layer, drawn from {@code seed}. */
    public StateDict initialise(long seed) {
        return layout().initialise(seed);
    }

    public int channels() {
        return channels;
    }

    public int imageSize() {
        return imageSize;
    }
}
