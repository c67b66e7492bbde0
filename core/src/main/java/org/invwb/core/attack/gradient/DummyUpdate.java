package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.Scalars;
import org.invwb.core.fl.Observation;
import org.invwb.core.fl.UpdateKind;
import org.invwb.core.nn.Losses;
import org.invwb.core.nn.Network;

/**
 * The update the client would have sent had it held the dummy data, computed the way the observed
 * one was: the FedSGD gradient of the mean cross-entropy, or, for FedAvg, the local SGD steps
 * unrolled differentiably (Geiping et al.'s {@code loss_steps}: same mini-batches in the same order,
 * same learning rate) and the weights' difference. With {@code createGraph} the result can be
 * differentiated with respect to the dummy data.
 */
final class DummyUpdate {

    /** The model's logits on a batch, where an attack can change the forward pass (dropout masks, statistics). */
    @FunctionalInterface
    interface Forward {
        NDArray logits(Map<String, NDArray> params, NDArray images);
    }

    private final Observation observation;
    private final List<String> trainable;

    DummyUpdate(Observation observation) {
        this.observation = observation;
        this.trainable = observation.network().trainableNames();
    }

    /**
     * @param params  every tensor of the global model; the trainable ones must require gradients
     * @param images  dummy images (N, C, H, W)
     * @param targets class probabilities (N, classes)
     */
    List<NDArray> of(Forward forward, Map<String, NDArray> params, NDArray images, NDArray targets,
                     boolean createGraph) {
        if (observation.kind() == UpdateKind.GRADIENT) {
            return gradient(forward, params, images, targets, createGraph);
        }
        int batch = observation.batchSize();
        int local = observation.localBatchSize();
        Map<String, NDArray> weights = new LinkedHashMap<>(params);
        for (int step = 0; step < observation.localSteps(); step++) {
            int[] picked = new int[local];
            for (int i = 0; i < local; i++) {
                picked[i] = (step * local + i) % batch;
            }
            // later steps depend on the earlier ones' gradients, so they always keep the graph
            List<NDArray> g = gradient(forward, weights, rows(images, picked), rows(targets, picked),
                    createGraph || step + 1 < observation.localSteps());
            for (int i = 0; i < trainable.size(); i++) {
                String name = trainable.get(i);
                weights.put(name, weights.get(name).sub(Scalars.times(g.get(i), observation.learningRate())));
            }
        }
        List<NDArray> difference = new ArrayList<>(trainable.size());
        for (String name : trainable) {
            difference.add(weights.get(name).sub(params.get(name)));
        }
        return difference;
    }

    private List<NDArray> gradient(Forward forward, Map<String, NDArray> params, NDArray images, NDArray targets,
                                   boolean createGraph) {
        NDArray loss = Losses.softCrossEntropy(forward.logits(params, images), targets);
        return Autograd.grad(loss, trainable.stream().map(params::get).toList(), createGraph);
    }

    /** Rows {@code picked} of {@code x}, differentiably; x itself when they are all its rows in order. */
    private static NDArray rows(NDArray x, int[] picked) {
        boolean all = picked.length == x.getShape().get(0);
        for (int i = 0; all && i < picked.length; i++) {
            all = picked[i] == i;
        }
        if (all) {
            return x;
        }
        NDList list = new NDList(picked.length);
        for (int i : picked) {
            list.add(x.get(i));
        }
        return NDArrays.stack(list);
    }
}
