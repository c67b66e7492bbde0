package org.invwb.core.fl;

/** What a client sends to the server. */
public enum UpdateKind {
    /** FedSGD: the gradient of the loss on one local batch. */
    GRADIENT,
    /** FedAvg: local weights minus the global weights after local training. */
    WEIGHT_DIFFERENCE
}
