package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;

/**
 * The "ConvNet" of Geiping et al., "Inverting Gradients – How easy is it to break privacy in
 * federated learning?" (NeurIPS 2020), with the names of their {@code inversefed} code: eight 3×3
 * convolution–BatchNorm–ReLU blocks {@code model.conv0 … model.conv7} of 1, 2, 2, 4, 4, 4, 4, 4 times
 * the width, a 3×3 max-pool after the sixth and the eighth, and {@code model.linear}. Their
 * {@code OrderedDict} lists conv6 twice, which keeps one layer, so there are eight blocks, not nine.
 * The paper's ConvNet has width 64. Its features may be dropped before the classifier
 * ({@code model.dropout}), as in the convolutional networks of the dropout inversion attack paper
 * (Scheliga, Mäder and Seeland, AAAI 2023); the reference code has no dropout.
 */
public final class ConvNet extends LayeredNetwork {

    public static final String NAME = "convnet";
    public static final int DEFAULT_WIDTH = 64;
    private static final int[] MULTIPLIERS = {1, 2, 2, 4, 4, 4, 4, 4};
    private static final int POOL = 3;

    private final int features;

    public ConvNet(Shape input, int numClasses, int width) {
        super(NAME, input, numClasses, layout(input, numClasses, width));
        this.features = Math.toIntExact(parameterShapes().get("model.linear.weight").get(1));
    }

    private static StateLayout layout(Shape input, int numClasses, int width) {
        StateLayout layout = new StateLayout();
        int in = (int) input.get(0);
        for (int i = 0; i < MULTIPLIERS.length; i++) {
            int out = MULTIPLIERS[i] * width;
            layout.conv("model.conv" + i, out, in, 3, true).batchNorm("model.bn" + i, out);
            in = out;
        }
        long features = in * pooledTwice(input.get(1)) * pooledTwice(input.get(2));
        return layout.linear("model.linear", numClasses, Math.toIntExact(features));
    }

    private static long pooledTwice(long size) {
        long once = size / POOL;
        if (once < POOL) {
            throw new IllegalArgumentException(NAME + " pools twice by " + POOL + ", so it needs images of at least "
                    + POOL * POOL + " px, got " + size);
        }
        return once / POOL;
    }

    @Override
    NDArray logits(Layers layers, NDArray input) {
        NDArray x = input;
        for (int i = 0; i < MULTIPLIERS.length; i++) {
            x = Layers.relu(layers.batchNorm("model.bn" + i, layers.conv("model.conv" + i, x, 1, 1)));
            if (i == 5 || i == 7) {
                x = Layers.maxPool(x, POOL);
            }
        }
        return layers.linear("model.linear", layers.dropout("model.dropout", Layers.flatten(x)));
    }

    @Override
    public LinkedHashMap<String, Integer> dropoutSites() {
        LinkedHashMap<String, Integer> sites = new LinkedHashMap<>();
        sites.put("model.dropout", features);
        return sites;
    }

    @Override
    public String classifierWeight() {
        return "model.linear.weight";
    }
}
