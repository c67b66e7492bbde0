package org.invwb.core.fl;

import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/**
 * Exactly what an honest-but-curious server receives from one client in one round: the update,
 * the global model it was computed from, and the metadata of the protocol. Attacks see only this
 * (ground truth is kept apart, for scoring).
 *
 * @param network     architecture of the shared model
 * @param globalModel weights the server sent to the client
 * @param update      the client's update, named like the trainable weights (no buffers)
 * @param kind        gradient (FedSGD) or weight difference (FedAvg)
 * @param batchSize   number of examples behind the update, as the protocol reports it
 * @param trainMode   whether the client ran the model in training mode
 */
public record Observation(Network network, StateDict globalModel, StateDict update, UpdateKind kind,
                          int batchSize, boolean trainMode) {
}
