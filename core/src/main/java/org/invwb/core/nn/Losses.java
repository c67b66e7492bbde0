package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.invwb.core.engine.StagingBuffer;

/** Loss functions shared by training, federated clients and attacks. */
public final class Losses {

    private Losses() {
    }

    /** Mean over the batch of −Σ p·log softmax(logits): cross-entropy against class probabilities. */
    public static NDArray softCrossEntropy(NDArray logits, NDArray targetProbabilities) {
        // logits first: DJL attaches a result to its first operand's manager, which is the per-iteration one
        return logits.logSoftmax(1).mul(targetProbabilities).sum(new int[] {1}).mean().neg();
    }

    /** One-hot rows (N, classes) for integer labels. */
    public static NDArray oneHot(NDManager manager, int[] labels, int numClasses) {
        float[] rows = new float[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            rows[i * numClasses + labels[i]] = 1f;
        }
        return StagingBuffer.uploadOnThisThread(manager, rows, new ai.djl.ndarray.types.Shape(labels.length, numClasses));
    }
}
