package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.StagingBuffer;

/** Test-set figures of a classifier in eval mode. Compute thread. */
public final class Evaluation {

    /** Images per forward pass: bounds the memory one evaluation needs. */
    static final int CHUNK = 256;

    private Evaluation() {
    }

    /** Fraction of {@code data}'s images whose arg-max logit is their label. */
    public static double accuracy(Network network, StateDict weights, ImageBatch data) {
        if (!data.labeled() || data.count() == 0) {
            throw new IllegalArgumentException("accuracy needs labelled images");
        }
        int correct = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            var params = weights.toArrays(m);
            for (int from = 0; from < data.count(); from += CHUNK) {
                int n = Math.min(CHUNK, data.count() - from);
                try (NDManager pass = m.newSubManager()) {
                    float[] pixels = new float[n * data.imageSize()];
                    System.arraycopy(data.pixels(), from * data.imageSize(), pixels, 0, pixels.length);
                    NDArray input = StagingBuffer.uploadOnThisThread(pass, pixels,
                            new Shape(n, data.channels(), data.height(), data.width()));
                    long[] predicted = network.forward(params, input, false).argMax(1).toLongArray();
                    for (int i = 0; i < n; i++) {
                        if (predicted[i] == data.labels()[from + i]) {
                            correct++;
                        }
                    }
                }
            }
        }
        return correct / (double) data.count();
    }
}
