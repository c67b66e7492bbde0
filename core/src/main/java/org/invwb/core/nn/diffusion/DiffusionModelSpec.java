package org.invwb.core.nn.diffusion;

import java.util.List;
import org.invwb.core.nn.ConditionalUNet;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.nn.WeightsException;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;

/**
 * The {@code model} section of every spec that trains or uses a diffusion model: the UNet's shape, the
 * noise schedule it is trained for, and its weights. The defaults describe the shipped
 * {@code bundled:unet-mnist}.
 */
public final class DiffusionModelSpec {

    public static final String SHIPPED = WeightSources.BUNDLED_PREFIX + "unet-mnist";

    /** Choices of the arithmetic sampling and inversion run in. */
    public static final List<String> PRECISIONS = List.of("float32", "float64");

    /** The section of a training run, which starts from the seed's weights unless told otherwise. */
    public static final ParamSet TRAINING = section("");
    /** The section of an inversion, which needs trained weights. */
    public static final ParamSet PRETRAINED = section(SHIPPED);

    private DiffusionModelSpec() {
    }

    private static ParamSet section(String weights) {
        return ParamSet.of(
                ParamDecl.integer("channels", 1, 1, 3, "image channels: 1 (grey) or 3 (colour)"),
                ParamDecl.integer("imageSize", 28, 8, 256, "image height and width, a multiple of 4; images are"
                        + " resized to it").unit("px"),
                ParamDecl.integer("numClasses", 10, 1, 100_000, "classes the model is conditioned on; one more"
                        + " embedding row is the null class of classifier-free guidance"),
                ParamDecl.integer("width", 16, ConditionalUNet.GROUPS, 1024, "UNet channels at full resolution"
                        + " (a multiple of " + ConditionalUNet.GROUPS + "); twice that at half resolution"),
                ParamDecl.choice("schedule", NoiseSchedule.LINEAR, NoiseSchedule.NAMES, "noise schedule: linear β"
                        + " 1e-4..0.02 (Ho et al. 2020) or cosine (Nichol and Dhariwal 2021)"),
                ParamDecl.integer("timesteps", 1000, 1, 100_000, "training timesteps T").paper("1000"),
                ParamDecl.text("weights", weights, "the UNet's weights: " + (weights.isEmpty()
                        ? "empty to draw them from the seed; " : "") + WeightSources.BUNDLED_PREFIX
                        + "unet-mnist, a .safetensors file, or a diffusion training run folder"));
    }

    /** The UNet a model section describes. */
    public static ConditionalUNet unet(ParamValues model) throws SpecException {
        if (model.getInt("channels") == 2) {
            throw new SpecException("model.channels", "2 is not allowed; use 1 (grey) or 3 (colour)");
        }
        try {
            return new ConditionalUNet(model.getInt("channels"), model.getInt("imageSize"), model.getInt("numClasses"),
                    model.getInt("width"));
        } catch (IllegalArgumentException e) {
            throw new SpecException("model", e.getMessage());
        }
    }

    public static NoiseSchedule schedule(ParamValues model) {
        return NoiseSchedule.of(model.getString("schedule"), model.getInt("timesteps"));
    }

    /** The weights {@code model.weights} names, or weights drawn from {@code seed} when it names none. */
    public static StateDict weights(ParamValues model, ConditionalUNet unet, long seed) throws SpecException {
        String weights = model.getString("weights");
        if (weights.isEmpty()) {
            return unet.initialise(seed);
        }
        try {
            return WeightSources.load(weights, unet);
        } catch (WeightsException e) {
            throw new SpecException("model.weights", e.getMessage());
        }
    }
}
