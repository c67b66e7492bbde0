package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of a train-mode forward: the logits, and the buffers the pass moved (BatchNorm running
 * statistics and batch counts, updated as PyTorch does), which training code writes back into the
 * model. The buffers are outside the autograd graph.
 */
public record TrainingForward(NDArray logits, Map<String, NDArray> buffers) {

    public TrainingForward {
        buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
    }
}
