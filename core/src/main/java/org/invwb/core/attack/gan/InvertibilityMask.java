package org.invwb.core.attack.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Where the generator cannot make the input: the pixels whose reconstruction residual |x − G(z)|,
 * averaged over the channels and over a window around them, exceeds a threshold. Averaging over a
 * window keeps a thin misfit along a stroke (the in-domain part a better latent fixes) below the
 * threshold and a solid region the generator never makes above it. Pixels outside the image count as
 * no residual (the window's mean always divides by its full area). Computed outside any graph.
 */
final class InvertibilityMask {

    private InvertibilityMask() {
    }

    /** The mask (N, 1, H, W), 1 where out of domain, of input {@code x} against its reconstruction {@code g}. */
    static NDArray derive(NDArray x, NDArray g, double threshold, int window) {
        NDArray residual = x.stopGradient().sub(g.stopGradient()).abs().mean(new int[] {1}, true);
        NDArray local = Pool.avgPool2d(residual, new Shape(window, window), new Shape(1, 1),
                new Shape(window / 2, window / 2), false, true);
        return local.gt(threshold).toType(DataType.FLOAT32, false);
    }

    /**
     * m·x + (1 − m)·g: the input where the mask is set, the generator's image elsewhere; written with
     * {@code g} first so the result belongs to its manager (the iteration's).
     */
    static NDArray blend(NDArray g, NDArray mask, NDArray x) {
        return g.sub(g.sub(x).mul(mask));
    }
}
