package org.invwb.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Stochastic gradient descent step for step as {@code torch.optim.SGD}: L2 weight decay added to
 * the gradient, then heavy-ball momentum (the buffer starts as the first gradient; dampening 0;
 * optionally Nesterov). Updates the parameters in place.
 *
 * <p>Parameters updated in place must not require gradients. The usual loop keeps plain arrays and
 * binds a leaf per iteration: {@code leaf = p.stopGradient(); leaf.setRequiresGradient(true)} shares
 * p's storage without a copy, the gradients are taken for the leaves, and the step updates p.
 */
public final class Sgd implements Optimizer {

    private final NDManager state;
    private final double momentum;
    private final double weightDecay;
    private final boolean nesterov;
    private double lr;
    private NDArray[] buffers;

    public Sgd(NDManager state, double lr, double momentum, double weightDecay, boolean nesterov) {
        if (nesterov && momentum <= 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum above 0");
        }
        this.state = state.newSubManager();
        this.lr = lr;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    @Override
    public void step(List<NDArray> params, List<NDArray> grads) {
        if (buffers == null) {
            buffers = new NDArray[params.size()];
        }
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            NDArray d = withWeightDecay(grads.get(i), p, weightDecay);
            if (momentum != 0) {
                if (buffers[i] == null) {
                    buffers[i] = d.duplicate();
                    buffers[i].attach(state);
                    // the buffer outlives the caller's per-iteration scope
                    NDScope.unregister(buffers[i]);
                } else {
                    buffers[i].muli(momentum).addi(d);
                }
                d = nesterov ? d.add(temporary(buffers[i].mul(momentum), d)) : buffers[i];
            }
            p.subi(temporary(d.mul(lr), grads.get(i)));
        }
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    @Override
    public void close() {
        state.close();
    }

    /** g + λ·p, as torch adds L2 weight decay; the sum belongs to the gradient's manager. */
    static NDArray withWeightDecay(NDArray g, NDArray p, double weightDecay) {
        return weightDecay == 0 ? g : g.add(temporary(p.mul(weightDecay), g));
    }

    /** Moves a temporary computed from long-lived state into the manager of {@code like}, so it is freed with it. */
    static NDArray temporary(NDArray value, NDArray like) {
        value.attach(like.getManager());
        return value;
    }
}
