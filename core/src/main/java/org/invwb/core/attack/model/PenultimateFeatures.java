package org.invwb.core.attack.model;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.invwb.core.nn.Network;

/**
 * What enters a classifier's last layer, the features model-inversion scoring compares images by (the
 * "KNN distance" of GMI). Every zoo network ends in one linear layer, {@link Network#classifierWeight()}:
 * with that layer's weight set to the identity and its bias to zero, the forward returns its input.
 */
final class PenultimateFeatures {

    private PenultimateFeatures() {
    }

    /** Eval-mode features (N, F) of {@code images}; {@code params} is not changed. */
    static NDArray of(Network network, Map<String, NDArray> params, NDArray images) {
        String weight = network.classifierWeight();
        String bias = weight.substring(0, weight.length() - "weight".length()) + "bias";
        long features = params.get(weight).getShape().get(1);
        Map<String, NDArray> identity = new LinkedHashMap<>(params);
        identity.put(weight, images.getManager().eye((int) features));
        identity.put(bias, images.getManager().zeros(new ai.djl.ndarray.types.Shape(features)));
        return network.forward(identity, images, false);
    }
}
