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

    /** The gradient a client steps along on one local mini-batch. Compute thread. */
    @FunctionalInterface
    public interface LocalGradient {
        StateDict of(Network network, StateDict weights, ImageBatch batch);
    }

    /** Plain local SGD: each step along the mean cross-entropy gradient of the mini-batch. */
    public static Observation computeUpdate(Network network, StateDict globalModel, ImageBatch data,
                                            int localSteps, double learningRate, int localBatchSize) {
        return computeUpdate(network, globalModel, data, localSteps, learningRate, localBatchSize, true);
    }

    /** The same with the model in training or evaluation mode (see {@link FedSgdClient}). */
    public static Observation computeUpdate(Network network, StateDict globalModel, ImageBatch data,
                                            int localSteps, double learningRate, int localBatchSize,
                                            boolean trainMode) {
        return computeUpdate(network, globalModel, data, localSteps, learningRate, localBatchSize, trainMode,
                (net, weights, batch) -> FedSgdClient.computeUpdate(net, weights, batch, trainMode).update());
    }

    /** Local SGD along {@code gradient} (e.g. DP-SGD's clipped and noised one). */
    public static Observation computeUpdate(Network network, StateDict globalModel, ImageBatch data,
                                            int localSteps, double learningRate, int localBatchSize,
                                            boolean trainMode, LocalGradient gradient) {
        if (localSteps < 1 || localBatchSize < 1 || localBatchSize > data.count()) {
            throw new IllegalArgumentException("need localSteps >= 1 and 1 <= localBatchSize <= " + data.count());
        }
        Map<String, HostTensor> weights = new LinkedHashMap<>(globalModel.tensors());
        for (int step = 0; step < localSteps; step++) {
            int[] picked = new int[localBatchSize];
            for (int i = 0; i < localBatchSize; i++) {
                picked[i] = (step * localBatchSize + i) % data.count();
            }
            StateDict g = gradient.of(network, new StateDict(weights), data.subset(picked));
            g.tensors().forEach((name, t) -> weights.put(name, axpy(-learningRate, t, weights.get(name))));
        }
        Map<String, HostTensor> difference = new LinkedHashMap<>();
        for (String name : network.trainableNames()) {
            difference.put(name, axpy(-1, globalModel.get(name), weights.get(name)));
        }
        return new Observation(network, globalModel, new StateDict(difference), UpdateKind.WEIGHT_DIFFERENCE,
                data.count(), trainMode, localSteps, learningRate, localBatchSize);
    }

    /** How often the example used most is used by {@code localSteps} mini-batches taken in order, wrapping around. */
    public static long maxUses(int examples, int localSteps, int localBatchSize) {
        return ((long) localSteps * localBatchSize + examples - 1) / examples;
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
