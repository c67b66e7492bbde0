package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * A fully connected ReLU network on the flattened image, named as the "MLP" of the inverting-gradients
 * code (Geiping et al., "Inverting Gradients – How easy is it to break privacy in federated
 * learning?", NeurIPS 2020): {@code linear0 … linearK}, by default three hidden layers of 1024 units.
 * Each hidden layer's activations may be dropped ({@code dropout0 …}), where the MLP of the dropout
 * inversion attack (Scheliga, Mäder and Seeland, AAAI 2023) has its dropout.
 */
public final class Mlp extends LayeredNetwork {

    public static final String NAME = "mlp";
    public static final int DEFAULT_WIDTH = 1024;
    public static final int DEFAULT_DEPTH = 3;

    private final int[] hidden;

    /**
     * @param input  shape of one image (channels, height, width)
     * @param hidden units of each hidden layer, first to last
     */
    public Mlp(Shape input, int numClasses, int... hidden) {
        super(NAME, input, numClasses, layout(input, numClasses, hidden));
        this.hidden = hidden.clone();
    }

    /** The default depth with {@code width} units in every hidden layer. */
    public static Mlp ofWidth(Shape input, int numClasses, int width) {
        int[] hidden = new int[DEFAULT_DEPTH];
        Arrays.fill(hidden, width);
        return new Mlp(input, numClasses, hidden);
    }

    private static StateLayout layout(Shape input, int numClasses, int[] hidden) {
        StateLayout layout = new StateLayout();
        int in = Math.toIntExact(input.size());
        for (int i = 0; i < hidden.length; i++) {
            layout.linear("linear" + i, hidden[i], in);
            in = hidden[i];
        }
        return layout.linear("linear" + hidden.length, numClasses, in);
    }

    @Override
    NDArray logits(Layers layers, NDArray input) {
        NDArray x = Layers.flatten(input);
        for (int i = 0; i < hidden.length; i++) {
            x = layers.dropout("dropout" + i, Layers.relu(layers.linear("linear" + i, x)));
        }
        return layers.linear("linear" + hidden.length, x);
    }

    @Override
    public LinkedHashMap<String, Integer> dropoutSites() {
        LinkedHashMap<String, Integer> sites = new LinkedHashMap<>();
        for (int i = 0; i < hidden.length; i++) {
            sites.put("dropout" + i, hidden[i]);
        }
        return sites;
    }

    @Override
    public String classifierWeight() {
        return "linear" + hidden.length + ".weight";
    }
}
