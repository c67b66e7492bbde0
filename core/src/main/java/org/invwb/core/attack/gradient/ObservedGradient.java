package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import org.invwb.core.engine.Autograd;
import org.invwb.core.fl.Observation;
import org.invwb.core.nn.Network;

/**
 * The observed update and the model it was computed on, uploaded once for an attack that matches
 * gradients: the model's tensors by name, the trainable ones set to require gradients, and the
 * observed gradient of each trainable tensor in the same order. Compute thread only.
 */
final class ObservedGradient implements AutoCloseable {

    final Network network;
    final LinkedHashMap<String, NDArray> params;
    final List<NDArray> trainable;
    final List<NDArray> target;

    ObservedGradient(Observation observation, NDManager root) {
        this.network = observation.network();
        this.params = observation.globalModel().toArrays(root);
        // only trainable parameters have gradients; BatchNorm buffers stay constants
        List<String> names = network.trainableNames();
        this.trainable = names.stream().map(params::get).toList();
        trainable.forEach(p -> p.setRequiresGradient(true));
        this.target = names.stream().map(n -> observation.update().get(n).toArray(root)).toList();
    }

    /** The gradient of {@code loss} with respect to the trainable tensors, kept differentiable. */
    List<NDArray> dummyGradient(NDArray loss) {
        return Autograd.grad(loss, trainable, true);
    }

    @Override
    public void close() {
        params.values().forEach(NDArray::close);
        target.forEach(NDArray::close);
    }
}
