package org.invwb.core.attack.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Euclidean projection onto the L1 ball {δ : ‖δ‖₁ ≤ r}, one ball per example (the first axis), as
 * Intermediate Layer Optimization (Daras et al. 2021) and GIFD use it to keep an optimised feature
 * map near the generator's range. With u the sorted magnitudes (largest first), the soft threshold is
 * θ = max(0, max_k (u₁ + … + u_k − r)/k) (Duchi et al. 2008; the maximum is reached at their ρ), and
 * the projection is sign(δ)·max(|δ| − θ, 0). Computed natively, outside any autograd graph.
 */
public final class L1Ball {

    private L1Ball() {
    }

    /** The projection of each example of {@code delta} (N, ...) onto the L1 ball of {@code radius}, as a new array. */
    public static NDArray project(NDArray delta, double radius) {
        if (!(radius >= 0)) {
            throw new IllegalArgumentException("an L1 ball needs a radius of at least 0, got " + radius);
        }
        Shape shape = delta.getShape();
        long n = shape.get(0);
        NDArray magnitude = delta.stopGradient().reshape(n, -1).abs();
        long d = magnitude.getShape().get(1);
        NDArray sorted = magnitude.sort(1).flip(1);
        NDArray counts = delta.getManager().arange(1, d + 1, 1, delta.getDataType()).reshape(1, d);
        NDArray threshold = sorted.cumSum(1).sub(radius).div(counts).max(new int[] {1}, true).maximum(0);
        NDArray shrunk = magnitude.sub(threshold).maximum(0);
        return shrunk.mul(delta.stopGradient().reshape(n, -1).sign()).reshape(shape);
    }
}
