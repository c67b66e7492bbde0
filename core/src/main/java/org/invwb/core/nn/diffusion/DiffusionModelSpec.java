package org.invwb.core.nn.diffusion;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.invwb.core.nn.ConditionalUNet;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.TorchScriptModule;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.nn.WeightsException;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;

/**
 * The {@code model} section of every spec that trains or uses a diffusion model: the UNet's shape, the
 * noise schedule it is trained for, and its weights. The defaults describe the shipped
 * {@code bundled:unet-mnist}. Methods that only use a trained model also take, in {@code weights}, a
 * TorchScript ε-model ({@code .pt}, see {@link TorchScriptEpsilon} for its signature); channels,
 * imageSize, numClasses and the schedule then describe that model, and width is not used.
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
                        + "unet-mnist, a .safetensors file, or a diffusion training run folder"
                        + (weights.isEmpty() ? "" : "; or a TorchScript ε-model (.pt) with "
                        + TorchScriptEpsilon.SIGNATURE)));
    }

    /**
     * The trained model a section names, on {@code root}'s device with trajectories in {@code type}: the
     * UNet with its weights, or the TorchScript ε-model {@code weights} names. Compute thread.
     */
    public static DiffusionModel load(ParamValues model, NDManager root, DataType type) throws SpecException {
        String weights = model.getString("weights");
        if (!TorchScriptModule.isTorchScript(weights)) {
            ConditionalUNet unet = unet(model);
            return new DiffusionModel(unet, schedule(model), weights(model, unet, 0), root, type);
        }
        requireChannels(model);
        Path file;
        try {
            file = Path.of(weights);
        } catch (InvalidPathException e) {
            throw new SpecException("model.weights", weights + ": not a valid path");
        }
        try {
            TorchScriptEpsilon script = TorchScriptEpsilon.load(file, model.getInt("channels"),
                    model.getInt("imageSize"), model.getInt("numClasses"), model.getInt("timesteps"), root.getDevice());
            return new DiffusionModel(script, schedule(model), root, type);
        } catch (WeightsException e) {
            throw new SpecException("model.weights", e.getMessage());
        }
    }

    private static void requireChannels(ParamValues model) throws SpecException {
        if (model.getInt("channels") == 2) {
            throw new SpecException("model.channels", "2 is not allowed; use 1 (grey) or 3 (colour)");
        }
    }

    /** The UNet a model section describes. */
    public static ConditionalUNet unet(ParamValues model) throws SpecException {
        requireChannels(model);
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
