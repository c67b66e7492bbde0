package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The LeNet variant of "Deep Leakage from Gradients" (Zhu et al., NeurIPS 2019): three 5×5
 * convolutions with 12 channels (strides 2, 2, 1, padding 2), sigmoid activations, and one linear
 * layer. Sigmoid keeps the network twice differentiable everywhere, which gradient matching needs.
 * Weights and biases are drawn uniformly from (−0.5, 0.5), as in the reference code. The features
 * may be dropped before the linear layer ({@code dropout}); the reference code has no dropout.
 */
public final class DlgLeNet implements Network {

    public static final String NAME = "lenet-dlg";
    private static final int WIDTH = 12;
    private static final int[] STRIDES = {2, 2, 1};
    private static final String DROPOUT = "dropout";

    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;

    public DlgLeNet(int channels, int height, int width, int numClasses) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Shape inputShape() {
        return new Shape(channels, height, width);
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** Spatial size after the two stride-2 convolutions with padding 2 (ceil(n / 4)). */
    private int hiddenFeatures() {
        int h = height;
        int w = width;
        for (int s : STRIDES) {
            h = (h - 1) / s + 1;
            w = (w - 1) / s + 1;
        }
        return WIDTH * h * w;
    }

    @Override
    public LinkedHashMap<String, Shape> parameterShapes() {
        LinkedHashMap<String, Shape> shapes = new LinkedHashMap<>();
        int in = channels;
        for (int i = 0; i < STRIDES.length; i++) {
            shapes.put("body." + 2 * i + ".weight", new Shape(WIDTH, in, 5, 5));
            shapes.put("body." + 2 * i + ".bias", new Shape(WIDTH));
            in = WIDTH;
        }
        shapes.put("fc.0.weight", new Shape(numClasses, hiddenFeatures()));
        shapes.put("fc.0.bias", new Shape(numClasses));
        return shapes;
    }

    @Override
    public String classifierWeight() {
        return "fc.0.weight";
    }

    @Override
    public NDArray forward(Map<String, NDArray> params, NDArray input, boolean training) {
        return forward(params, input, training, DropoutMasks.NONE);
    }

    @Override
    public LinkedHashMap<String, Integer> dropoutSites() {
        LinkedHashMap<String, Integer> sites = new LinkedHashMap<>();
        sites.put(DROPOUT, hiddenFeatures());
        return sites;
    }

    @Override
    public NDArray forward(Map<String, NDArray> params, NDArray input, boolean training, DropoutMasks dropout) {
        if (!dropoutSites().keySet().containsAll(dropout.keep().keySet())) {
            throw new IllegalArgumentException(NAME + " has only the dropout site \"" + DROPOUT + "\"");
        }
        NDArray x = input;
        for (int i = 0; i < STRIDES.length; i++) {
            String layer = "body." + 2 * i;
            x = Activation.sigmoid(Conv2d.conv2d(x, params.get(layer + ".weight"), params.get(layer + ".bias"),
                    new Shape(STRIDES[i], STRIDES[i]), new Shape(2, 2)).singletonOrThrow());
        }
        x = new Layers(params, training, dropout, false).dropout(DROPOUT, x.reshape(x.getShape().get(0), -1));
        return Linear.linear(x, params.get("fc.0.weight"), params.get("fc.0.bias")).singletonOrThrow();
    }

    @Override
    public StateDict initialise(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        parameterShapes().forEach((name, shape) -> {
            float[] values = new float[(int) shape.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextDouble() - 0.5);
            }
            tensors.put(name, new HostTensor(shape.getShape(), values));
        });
        return new StateDict(tensors);
    }
}
