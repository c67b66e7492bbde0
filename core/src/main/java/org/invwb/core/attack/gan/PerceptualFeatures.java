package org.invwb.core.attack.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Mlp;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.nn.WeightsException;
import org.invwb.core.run.SpecException;

/**
 * The feature space of a perceptual term: a shipped MLP classifier cut before its last ReLU, so the
 * features are the pre-activations of its last hidden layer (the penultimate features, before ReLU
 * zeroes the inactive units, whose gradient would then vanish). Image2StyleGAN takes VGG-16 features
 * for the same purpose; on 28 px digits a classifier trained on them plays that part.
 */
final class PerceptualFeatures {

    static final String FIELD = "parameters.perceptualNetwork";
    static final List<String> NETWORKS = List.of("bundled:mlp-mnist", "bundled:mlp-fashion-mnist");

    private final Mlp trunk;
    private final StateDict weights;

    private PerceptualFeatures(Mlp trunk, StateDict weights) {
        this.trunk = trunk;
        this.weights = weights;
    }

    /** The trunk of the shipped classifier {@code source}, which must take images of the given shape. */
    static PerceptualFeatures load(String source, int channels, int imageSize) throws SpecException {
        String name = source.substring(WeightSources.BUNDLED_PREFIX.length());
        try {
            JsonNode model = WeightSources.record(name).path("spec").path("model");
            int width = model.path("width").asInt();
            if (model.path("channels").asInt() != channels || model.path("imageSize").asInt() != imageSize) {
                throw new SpecException(FIELD, source + " takes " + model.path("channels").asInt() + "-channel "
                        + model.path("imageSize").asInt() + " px images, but the GAN makes " + channels + "-channel "
                        + imageSize + " px ones");
            }
            Shape input = new Shape(channels, imageSize, imageSize);
            Mlp full = Mlp.ofWidth(input, model.path("numClasses").asInt(), width);
            StateDict all = WeightSources.load(source, full);
            int[] hidden = new int[Mlp.DEFAULT_DEPTH - 1];
            java.util.Arrays.fill(hidden, width);
            // an MLP whose "classes" are the last hidden layer: linear0 … linear(K−1) of the classifier
            Mlp trunk = new Mlp(input, width, hidden);
            LinkedHashMap<String, HostTensor> kept = new LinkedHashMap<>();
            trunk.parameterShapes().keySet().forEach(n -> kept.put(n, all.get(n)));
            return new PerceptualFeatures(trunk, new StateDict(kept));
        } catch (WeightsException e) {
            throw new SpecException(FIELD, e.getMessage());
        }
    }

    /** The trunk's weights on the device of {@code manager}. */
    Map<String, NDArray> arrays(NDManager manager) {
        return weights.toArrays(manager);
    }

    /** Features (N, width) of images (N, C, H, W) in [0, 1]. */
    NDArray features(Map<String, NDArray> params, NDArray images) {
        return trunk.forward(params, images, false);
    }
}
