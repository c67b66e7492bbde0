package org.invwb.core.fl;

import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/**
 * Exactly what an honest-but-curious server receives from one client in one round: the update,
 * the global model it was computed from, and the metadata of the protocol. Attacks see only this
 * (ground truth is kept apart, for scoring).
 *
 * @param network        architecture of the shared model
 * @param globalModel    weights the server sent to the client (under HyperFL, the hypernetwork's)
 * @param update         the client's update, named like the trainable weights (no buffers); under HyperFL the
 *                       hypernetwork's update instead, its names prefixed {@link HyperNetwork#PREFIX}
 * @param kind           gradient (FedSGD) or weight difference (FedAvg)
 * @param batchSize      number of examples behind the update, as the protocol reports it
 * @param trainMode      whether the client ran the model in training mode
 * @param localSteps     local SGD steps behind the update (1 for FedSGD)
 * @param learningRate   the client's local learning rate (0 for FedSGD, which sends the gradient itself)
 * @param localBatchSize examples per local step (the whole batch for FedSGD)
 */
public record Observation(Network network, StateDict globalModel, StateDict update, UpdateKind kind,
                          int batchSize, boolean trainMode, int localSteps, double learningRate,
                          int localBatchSize) {

    /** A FedSGD observation: one gradient over the whole batch. */
    public Observation(Network network, StateDict globalModel, StateDict gradient, int batchSize, boolean trainMode) {
        this(network, globalModel, gradient, UpdateKind.GRADIENT, batchSize, trainMode, 1, 0, batchSize);
    }

    /** The same observation with another update, as a defense sends it. */
    public Observation withUpdate(StateDict newUpdate) {
        return new Observation(network, globalModel, newUpdate, kind, batchSize, trainMode, localSteps, learningRate,
                localBatchSize);
    }

    /** Whether the update is a HyperFL hypernetwork's ({@link HyperNetwork#PREFIX}), not the model's own. */
    public boolean sharesHypernetwork() {
        return !update.tensors().isEmpty()
                && update.tensors().keySet().stream().allMatch(n -> n.startsWith(HyperNetwork.PREFIX));
    }
}
