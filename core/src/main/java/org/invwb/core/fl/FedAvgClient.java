package org.invwb.core.fl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/**
 * A FedAvg client (McMahan et al., AISTATS 2017): S local SGD steps at learning rate η on
 * mini-batches of its data, taken in order and wrapping around, then it sends its weights minus the
 * global weights. Buffers (BatchNorm running statistics) are not trained and not sent. Compute thread.
 */
public final class FedAvgClient {

    private FedAvgClient() {
    }

    public static Observation computeUpdate(Network network, StateDict globalModel, ImageBatch data,
                                            int localSteps, double learningRate, int localBatchSize) {
        return computeUpdate(network, globalModel, data, localSteps, learningRate, localBatchSize, true);
    }

    /** The same with the model in training or evaluation mode (see {@link FedSgdClient}). */
    public static Observation computeUpdate(Network network, StateDict globalModel, ImageBatch data,
                                            int localSteps, double learningRate, int localBatchSize,
                                            boolean trainMode) {
        if (localSteps < 1 || localBatchSize < 1 || localBatchSize > data.count()) {
            throw new IllegalArgumentException("need localSteps >= 1 and 1 <= localBatchSize <= " + data.count());
        }
        Map<String, HostTensor> weights = new LinkedHashMap<>(globalModel.tensors());
        for (int step = 0; step < localSteps; step++) {
            int[] picked = new int[localBatchSize];
            for (int i = 0; i < localBatchSize; i++) {
                picked[i] = (step * localBatchSize + i) % data.count();
            }
            StateDict gradient = FedSgdClient.computeUpdate(network, new StateDict(weights), data.subset(picked), trainMode)
                    .update();
            gradient.tensors().forEach((name, g) -> weights.put(name, axpy(-learningRate, g, weights.get(name))));
        }
        Map<String, HostTensor> difference = new LinkedHashMap<>();
        for (String name : network.trainableNames()) {
            difference.put(name, axpy(-1, globalModel.get(name), weights.get(name)));
        }
        return new Observation(network, globalModel, new StateDict(difference), UpdateKind.WEIGHT_DIFFERENCE,
                data.count(), trainMode, localSteps, learningRate, localBatchSize);
    }

    /** a·x + y. */
    private static HostTensor axpy(double a, HostTensor x, HostTensor y) {
        float[] out = new float[y.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (a * x.data()[i] + y.data()[i]);
        }
        return new HostTensor(y.shape(), out);
    }
}
