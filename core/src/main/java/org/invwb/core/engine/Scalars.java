package org.invwb.core.engine;

import ai.djl.ndarray.NDArray;

/**
 * Multiplying or dividing by a constant inside a graph that will be differentiated. DJL's
 * {@code x.mul(Number)} makes the constant from a direct buffer that libtorch aliases, and closes it
 * right after the operation; autograd has saved that constant for the backward pass, which then reads
 * memory the garbage collector may already have reused (garbage or NaN gradients, now and then).
 * Here the constant belongs to {@code x}'s manager, so it lives as long as the result can be
 * differentiated.
 */
public final class Scalars {

    private Scalars() {
    }

    /** x·c, differentiable with respect to x. */
    public static NDArray times(NDArray x, double c) {
        return x.mul(constant(x, c));
    }

    /** x / c, differentiable with respect to x. */
    public static NDArray dividedBy(NDArray x, double c) {
        return x.div(constant(x, c));
    }

    private static NDArray constant(NDArray x, double c) {
        return x.getManager().create((float) c);
    }
}
