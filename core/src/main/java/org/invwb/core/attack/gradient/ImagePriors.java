package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/** Image priors of the gradient-matching attacks, on a batch (N, C, H, W). */
final class ImagePriors {

    private ImagePriors() {
    }

    /**
     * Anisotropic total variation as in the inverting-gradients code: the mean absolute difference of
     * horizontal neighbours plus that of vertical neighbours.
     */
    static NDArray totalVariation(NDArray x) {
        NDArray dx = x.get(new NDIndex(":, :, :, 1:")).sub(x.get(new NDIndex(":, :, :, :-1"))).abs().mean();
        NDArray dy = x.get(new NDIndex(":, :, 1:, :")).sub(x.get(new NDIndex(":, :, :-1, :"))).abs().mean();
        return dx.add(dy);
    }

    /** ‖x‖₂ over the whole batch. */
    static NDArray l2Norm(NDArray x) {
        return x.square().sum().sqrt();
    }
}
