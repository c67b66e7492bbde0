package org.invwb.core.nn;

import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;

/**
 * The {@code gan} section of every spec that trains or uses a GAN prior: the image shape, the two
 * networks' sizes and the weights (one file holding both, see {@link Dcgan}). The defaults describe
 * the shipped {@code bundled:dcgan-mnist-public}, trained on the MNIST digits 0–4 only.
 */
public final class GanModelSpec {

    public static final String SHIPPED = WeightSources.BUNDLED_PREFIX + "dcgan-mnist-public";

    /** The section of a GAN training run, which starts from the seed's weights unless told otherwise. */
    public static final ParamSet TRAINING = section("");
    /** The section of an attack that searches a trained GAN. */
    public static final ParamSet PRETRAINED = section(SHIPPED);

    private GanModelSpec() {
    }

    private static ParamSet section(String weights) {
        return ParamSet.of(
                ParamDecl.integer("channels", 1, 1, 3, "image channels: 1 (grey) or 3 (colour)"),
                ParamDecl.integer("imageSize", 28, 8, 256, "image height and width, a multiple of 4").unit("px"),
                ParamDecl.integer("latent", DcganGenerator.DEFAULT_LATENT, 1, 4096, "size of the latent code z")
                        .paper(String.valueOf(DcganGenerator.DEFAULT_LATENT)),
                ParamDecl.integer("generatorWidth", DcganGenerator.DEFAULT_WIDTH, 1, 1024, "generator channels entering"
                        + " its output layer; the blocks before have 2× and 4× as many"),
                ParamDecl.integer("discriminatorWidth", DcganDiscriminator.DEFAULT_WIDTH, 1, 1024, "discriminator"
                        + " channels of its first layer; then 2× and 4×"),
                ParamDecl.text("weights", weights, "the GAN's weights (generator and discriminator in one file): "
                        + (weights.isEmpty() ? "empty to draw them from the seed; " : "")
                        + WeightSources.BUNDLED_PREFIX + "NAME, a .safetensors file, or a GAN training run folder"));
    }

    /** The two networks a gan section describes. */
    public static Dcgan networks(ParamValues gan) throws SpecException {
        if (gan.getInt("channels") == 2) {
            throw new SpecException("gan.channels", "2 is not allowed; use 1 (grey) or 3 (colour)");
        }
        try {
            int channels = gan.getInt("channels");
            int size = gan.getInt("imageSize");
            return new Dcgan(new DcganGenerator(channels, size, gan.getInt("latent"), gan.getInt("generatorWidth")),
                    new DcganDiscriminator(channels, size, gan.getInt("discriminatorWidth")));
        } catch (IllegalArgumentException e) {
            throw new SpecException("gan", e.getMessage());
        }
    }

    /** The weights {@code gan.weights} names, or weights drawn from {@code seed} when it names none. */
    public static StateDict weights(ParamValues gan, Dcgan networks, long seed) throws SpecException {
        String weights = gan.getString("weights");
        if (weights.isEmpty()) {
            return networks.initialise(seed);
        }
        try {
            return WeightSources.load(weights, networks);
        } catch (WeightsException e) {
            throw new SpecException("gan.weights", e.getMessage());
        }
    }
}
