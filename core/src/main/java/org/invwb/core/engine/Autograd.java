package org.invwb.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * Autograd helpers beyond DJL's public API, in particular gradients that can themselves be
 * differentiated (gradient matching differentiates a gradient with respect to the input).
 *
 * <p>libtorch accumulates into {@code .grad} and DJL cannot reset it to "none", so every array
 * that is differentiated must be a fresh leaf for each evaluation ({@link #leaf}); leaves are
 * cheap because they share storage with their source.
 */
public final class Autograd {

    private Autograd() {
    }

    /** A new leaf sharing {@code source}'s storage, with gradients switched on. */
    public static NDArray leaf(NDArray source) {
        NDArray leaf = source.stopGradient();
        leaf.setRequiresGradient(true);
        return leaf;
    }

    /**
     * Gradients of a scalar {@code output} with respect to {@code leaves}, kept as part of the graph
     * when {@code createGraph} so that a loss built from them can be backpropagated again.
     * Must run on the compute thread (grad mode on). The graph of {@code output} is retained.
     */
    public static List<NDArray> gradients(NDArray output, List<NDArray> leaves, boolean createGraph) {
        backward(output, true, createGraph);
        List<NDArray> grads = new ArrayList<>(leaves.size());
        for (NDArray leaf : leaves) {
            grads.add(leaf.getGradient());
        }
        return grads;
    }

    /**
     * Gradient of a scalar {@code output} with respect to the leaf {@code input} alone. Whatever an
     * earlier backward pass left in {@code input}'s gradient is cleared first; the graph is freed.
     */
    public static NDArray inputGradient(NDArray output, NDArray input) {
        JniUtils.zeroGrad((PtNDArray) input);
        backward(output, false, false);
        return input.getGradient();
    }

    /** Backpropagates a scalar, accumulating into the leaves' {@code .grad}. */
    public static void backward(NDArray output, boolean keepGraph, boolean createGraph) {
        try (NDArray ones = output.onesLike()) {
            JniUtils.backward((PtNDArray) output, (PtNDArray) ones, keepGraph, createGraph);
        }
    }
}
