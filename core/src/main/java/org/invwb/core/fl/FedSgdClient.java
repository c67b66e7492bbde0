package org.invwb.core.fl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.nn.DropoutMasks;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Losses;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/** A FedSGD client: one gradient of the mean cross-entropy on its local batch. Runs on the compute thread. */
public final class FedSgdClient {

    private FedSgdClient() {
    }

    public static Observation computeUpdate(Network network, StateDict globalModel, ImageBatch batch) {
        return computeUpdate(network, globalModel, batch, true);
    }

    /**
     * The same with the model in training or evaluation mode; Inverting Gradients' experiments take the
     * gradient in evaluation mode (BatchNorm on its running statistics).
     */
    public static Observation computeUpdate(Network network, StateDict globalModel, ImageBatch batch,
                                            boolean trainMode) {
        return computeUpdate(network, globalModel, batch, trainMode, 0, Map.of());
    }

    /**
     * The gradient with dropout at rate {@code dropoutRate}, units kept where {@code keep} (one (N, units)
     * mask per dropout site of the network) holds 1.
     */
    public static Observation computeUpdate(Network network, StateDict globalModel, ImageBatch batch,
                                            boolean trainMode, double dropoutRate, Map<String, HostTensor> keep) {
        if (!batch.labeled()) {
            throw new IllegalArgumentException("a federated client needs labelled data");
        }
        try (NDManager m = NDManager.newBaseManager()) {
            LinkedHashMap<String, NDArray> params = globalModel.toArrays(m);
            // buffers (BatchNorm running statistics) are state, not trained: no gradient for them
            List<String> trainable = network.trainableNames();
            List<NDArray> leaves = trainable.stream().map(params::get).toList();
            leaves.forEach(p -> p.setRequiresGradient(true));
            NDArray input = StagingBuffer.uploadOnThisThread(m, batch.pixels(),
                    new Shape(batch.count(), batch.channels(), batch.height(), batch.width()));
            Map<String, NDArray> masks = new LinkedHashMap<>();
            keep.forEach((site, mask) -> masks.put(site, mask.toArray(m)));
            NDArray logits = network.forward(params, input, trainMode, new DropoutMasks(dropoutRate, masks));
            NDArray loss = Losses.softCrossEntropy(logits, Losses.oneHot(m, batch.labels(), network.numClasses()));
            List<NDArray> grads = Autograd.grad(loss, leaves, false);
            LinkedHashMap<String, NDArray> named = new LinkedHashMap<>();
            for (int i = 0; i < trainable.size(); i++) {
                named.put(trainable.get(i), grads.get(i));
            }
            return new Observation(network, globalModel, StateDict.of(named), batch.count(), trainMode);
        }
    }
}
