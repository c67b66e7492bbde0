package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Map;
import org.invwb.core.engine.Scalars;

/**
 * A DCGAN discriminator for 28–32 px images in [0, 1]: three 3×3 stride-2 convolutions of width, 2·width
 * and 4·width channels with LeakyReLU(0.2), then one linear unit. It has no BatchNorm, so that it
 * serves both as the non-saturating GAN's discriminator (the unit is a logit) and as the WGAN-GP critic
 * (Gulrajani et al. 2017 ask for no batch normalisation in the critic, since the gradient penalty is
 * taken per example). The image is taken to [−1, 1] first, the generator's tanh range.
 */
public final class DcganDiscriminator extends ImageLayoutModel {

    public static final String NAME = "dcgan-discriminator";
    public static final int DEFAULT_WIDTH = 16;
    private static final int LAYERS = 3;
    private static final float LEAK = 0.2f;

    private final StateLayout layout;

    public DcganDiscriminator(int channels, int imageSize, int width) {
        super(NAME, channels, imageSize);
        if (channels < 1 || imageSize < 1 || width < 1) {
            throw new IllegalArgumentException(NAME + " needs positive channels, image size and width, got "
                    + channels + ", " + imageSize + ", " + width);
        }
        StateLayout l = new StateLayout();
        int in = channels;
        int size = imageSize;
        for (int i = 0; i < LAYERS; i++) {
            int out = width << i;
            l.conv("conv" + i, out, in, 3, true);
            in = out;
            size = Layers.afterStride2(size);
        }
        this.layout = l.linear("score", 1, Math.toIntExact(in * size * size));
    }

    @Override
    StateLayout layout() {
        return layout;
    }

    /** One score per image (N): a logit for the non-saturating loss, the critic's value for WGAN-GP. */
    public NDArray score(Map<String, NDArray> params, NDArray images) {
        Layers layers = new Layers(params, false);
        NDArray x = Scalars.times(images, 2).sub(1);
        for (int i = 0; i < LAYERS; i++) {
            x = Activation.leakyRelu(layers.conv("conv" + i, x, 2, 1), LEAK);
        }
        return layers.linear("score", Layers.flatten(x)).reshape(-1);
    }
}
