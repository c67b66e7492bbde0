package org.invwb.core.attack.model;

import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.nn.WeightsException;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;

/**
 * A trained classifier a model inversion names in a spec section: the attacked target ({@code model})
 * or the independent evaluation classifier that scores the reconstructions ({@code evaluation}).
 * Both are MNIST-sized by default; the weights must be trained ones, so there is no seed fallback.
 */
record Classifier(Network network, StateDict weights) {

    /** The declarations of a classifier section whose weights default to {@code weights}. */
    static ParamSet section(String architecture, int width, String weights, String role) {
        return ParamSet.of(
                ParamDecl.choice("architecture", architecture, NetworkZoo.NAMES, role + ": architecture"),
                ParamDecl.integer("numClasses", 10, 2, 100_000, "output classes"),
                ParamDecl.integer("imageSize", 28, 16, 1024, "input height and width").unit("px"),
                ParamDecl.integer("channels", 1, 1, 3, "input channels: 1 (grey) or 3 (colour)"),
                ParamDecl.integer("width", width, 0, 4096, "hidden units (mlp), channel multiplier (convnet) or stem"
                        + " channels (resnet18, resnet20); 0 keeps the architecture's default"),
                ParamDecl.text("weights", weights, role + ": trained weights, " + WeightSources.accepted()));
    }

    /** The network and weights section {@code name} describes; refusals name its fields. */
    static Classifier load(ParamValues values, String name) throws SpecException {
        if (values.getInt("channels") == 2) {
            throw new SpecException(name + ".channels", "2 is not allowed; use 1 (grey) or 3 (colour)");
        }
        Network network;
        try {
            network = NetworkZoo.create(values.getString("architecture"), values.getInt("channels"),
                    values.getInt("imageSize"), values.getInt("numClasses"), values.getInt("width"));
        } catch (IllegalArgumentException e) {
            throw new SpecException(name, e.getMessage());
        }
        String weights = values.getString("weights");
        if (weights.isBlank()) {
            throw new SpecException(name + ".weights", "a model inversion needs a trained classifier; accepted: "
                    + WeightSources.accepted());
        }
        try {
            return new Classifier(network, WeightSources.load(weights, network));
        } catch (WeightsException e) {
            throw new SpecException(name + ".weights", e.getMessage());
        }
    }
}
