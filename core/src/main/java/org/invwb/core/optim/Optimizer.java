package org.invwb.core.optim;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A first-order optimiser over native arrays, updating parameters in place from their gradients.
 * Compute thread only. Temporaries go to the gradients' manager (the caller's per-iteration one).
 */
public interface Optimizer extends AutoCloseable {

    /** One update of {@code params} (same order every call) from {@code grads}. */
    void step(List<NDArray> params, List<NDArray> grads);

    double learningRate();

    /** Takes effect at the next step: schedules and live changes set it between steps. */
    void setLearningRate(double lr);

    /** Frees the optimiser's state (moments, momentum buffers). */
    @Override
    void close();
}
