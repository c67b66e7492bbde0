package org.invwb.core.attack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.invwb.core.engine.Autograd;
import org.invwb.core.nn.Network;
import org.invwb.core.run.CancelledException;

/**
 * MI-FACE's Algorithm 1 (Fredrikson, Jha and Ristenpart, CCS 2015) for one class t: gradient descent
 * on the input for the cost c(x) = 1 − softmax(f(x))_t, each step x ← clip(x − λ∇c(x), 0, 1) (their
 * PROCESS step, here keeping pixels in range), stopping after α steps, when c(x_i) ≥ max(c(x_{i−1}), …,
 * c(x_{i−β})) (no improvement over the window), or when c(x_i) ≤ γ; the lowest-cost iterate is returned.
 * Compute thread only.
 */
final class ConfidenceDescent {

    /** The algorithm's α, β, γ, λ and the start value of every pixel. */
    record Settings(int iterations, int window, double threshold, double stepSize, double start) {
    }

    /** Why the descent stopped. */
    enum Stop { ITERATIONS, NO_IMPROVEMENT, THRESHOLD }

    /**
     * @param image      the lowest-cost iterate's pixels
     * @param cost       its cost
     * @param iterations the steps taken
     */
    record Result(float[] image, double cost, int iterations, Stop stop) {
    }

    /** Told after every evaluated iterate: the steps taken before it, its cost and its pixels. */
    @FunctionalInterface
    interface Listener {
        void iterate(int steps, double cost, float[] image) throws CancelledException;
    }

    private ConfidenceDescent() {
    }

    static Result run(Network network, Map<String, NDArray> params, int target, Settings s, Listener listener)
            throws CancelledException {
        NDManager root = params.values().iterator().next().getManager();
        Shape shape = new Shape(1).addAll(network.inputShape());
        ArrayDeque<Double> window = new ArrayDeque<>();
        float[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        try (NDManager state = root.newSubManager()) {
            NDArray x = state.full(shape, (float) s.start());
            for (int step = 0; ; step++) {
                double cost;
                float[] pixels;
                NDArray next;
                try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray leaf = x.stopGradient();
                    leaf.attach(m);
                    leaf.setRequiresGradient(true);
                    NDArray probability = network.forward(params, leaf, false).softmax(1).get(0, target);
                    NDArray c = probability.neg().add(1);
                    cost = c.getFloat();
                    if (!Double.isFinite(cost)) {
                        throw new ArithmeticException("MI-FACE's cost became " + cost + " at step " + step);
                    }
                    pixels = leaf.stopGradient().toFloatArray();
                    List<NDArray> grad = Autograd.grad(c, List.of(leaf), false);
                    next = x.sub(grad.get(0).mul(s.stepSize())).clip(0, 1);
                    next.attach(state);
                    NDScope.unregister(next);
                }
                if (cost < bestCost) {
                    bestCost = cost;
                    best = pixels;
                }
                listener.iterate(step, cost, pixels);
                if (step > 0 && cost >= Collections.max(window)) {
                    return new Result(best, bestCost, step, Stop.NO_IMPROVEMENT);
                }
                if (step > 0 && cost <= s.threshold()) {
                    return new Result(best, bestCost, step, Stop.THRESHOLD);
                }
                if (step == s.iterations()) {
                    return new Result(best, bestCost, step, Stop.ITERATIONS);
                }
                window.addLast(cost);
                if (window.size() > s.window()) {
                    window.removeFirst();
                }
                x.close();
                x = next;
            }
        }
    }
}
