package org.invwb.core.fl;

import java.util.Map;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/** A client-side defense: it decides what the server receives in place of the plain update. */
public interface Defense {

    /** The name a spec uses for it ({@code client.defense}). */
    String name();

    /** What the server receives when a FedSGD client holding {@code batch} sits behind this defense. Compute thread. */
    default Observation fedSgd(Network network, StateDict globalModel, ImageBatch batch) {
        return fedSgd(network, globalModel, batch, true);
    }

    /**
     * The same with the model in training mode (BatchNorm on the batch's statistics) or evaluation mode (on
     * the running statistics, as Inverting Gradients' reference code takes the gradient). Compute thread.
     */
    Observation fedSgd(Network network, StateDict globalModel, ImageBatch batch, boolean trainMode);

    /**
     * What the server receives when a FedAvg client trains on {@code data} behind this defense:
     * {@code localSteps} SGD steps at {@code learningRate} on mini-batches of {@code localBatchSize}. Compute thread.
     */
    default Observation fedAvg(Network network, StateDict globalModel, ImageBatch data, int localSteps,
                               double learningRate, int localBatchSize) {
        return fedAvg(network, globalModel, data, localSteps, learningRate, localBatchSize, true);
    }

    /** The same with the model in training or evaluation mode (see {@link #fedSgd(Network, StateDict, ImageBatch, boolean)}). */
    Observation fedAvg(Network network, StateDict globalModel, ImageBatch data, int localSteps, double learningRate,
                       int localBatchSize, boolean trainMode);

    /** Figures for the run report beyond the defense's settings, e.g. the privacy spent. */
    default Map<String, Object> report() {
        return Map.of();
    }
}
