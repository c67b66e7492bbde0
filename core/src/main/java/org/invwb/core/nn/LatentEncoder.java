package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * A small convolutional encoder from images (N, C, size, size) in [0, 1] to latent codes (N, latent):
 * three 3×3 convolutions of stride 2 (width, 2·width, 4·width channels), each followed by ReLU, then a
 * linear layer to the code. It gives GAN inversion its start (Zhu et al. 2016, "Generative Visual
 * Manipulation on the Natural Image Manifold"; In-Domain GAN inversion, Zhu et al. 2020). No BatchNorm,
 * so training and use compute the same function.
 */
public final class LatentEncoder extends ImageLayoutModel {

    public static final String NAME = "latent-encoder";
    public static final int DEFAULT_WIDTH = 16;

    private final int latent;
    private final int width;
    private final int last;
    private final StateLayout layout;

    public LatentEncoder(int channels, int imageSize, int latent, int width) {
        super(NAME, channels, imageSize);
        if (channels < 1 || imageSize < 8 || latent < 1 || width < 1) {
            throw new IllegalArgumentException(NAME + " needs positive channels, latent size and width and images of"
                    + " at least 8 px, got " + channels + ", " + latent + ", " + width + ", " + imageSize + " px");
        }
        this.latent = latent;
        this.width = width;
        this.last = Layers.afterStride2(Layers.afterStride2(Layers.afterStride2(imageSize)));
        this.layout = new StateLayout()
                .conv("conv1", width, channels, 3, true)
                .conv("conv2", 2 * width, width, 3, true)
                .conv("conv3", 4 * width, 2 * width, 3, true)
                .linear("code", latent, 4 * width * last * last);
    }

    @Override
    StateLayout layout() {
        return layout;
    }

    public int latentSize() {
        return latent;
    }

    public int width() {
        return width;
    }

    /** The latent codes (N, latent) of images (N, C, size, size). */
    public NDArray encode(Map<String, NDArray> params, NDArray images) {
        Layers layers = new Layers(params, false);
        NDArray x = Layers.relu(layers.conv("conv1", images, 2, 1));
        x = Layers.relu(layers.conv("conv2", x, 2, 1));
        x = Layers.relu(layers.conv("conv3", x, 2, 1));
        return layers.linear("code", Layers.flatten(x));
    }
}
