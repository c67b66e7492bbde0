package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;

/** Anisotropic total variation as Inverting Gradients' code defines it: mean |Δx| + mean |Δy| over the batch. */
final class TotalVariation {

    private TotalVariation() {
    }

    /** TV of images shaped (N, C, H, W); the result belongs to {@code images}' manager. */
    static NDArray of(NDArray images) {
        long h = images.getShape().get(2);
        long w = images.getShape().get(3);
        NDArray dx = images.get(":, :, :, 0:" + (w - 1)).sub(images.get(":, :, :, 1:")).abs().mean();
        NDArray dy = images.get(":, :, 0:" + (h - 1) + ", :").sub(images.get(":, :, 1:, :")).abs().mean();
        return dx.add(dy);
    }
}
