package org.invwb.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Adam (Kingma and Ba, ICLR 2015) step for step as {@code torch.optim.Adam} without amsgrad: weight
 * decay added to the gradient (L2), bias corrections applied to the step size and to √v before ε is
 * added; or, made by {@link #adamW}, as {@code torch.optim.AdamW} (Loshchilov and Hutter, ICLR 2019),
 * whose decay shrinks the parameters by lr·decay before the step instead. Updates the parameters in place; they must not require gradients
 * themselves (bind a detached leaf per iteration, see {@link Sgd}).
 */
public final class Adam implements Optimizer {

    private final NDManager state;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private double lr;
    private NDArray[] m;
    private NDArray[] v;
    private int steps;

    /** {@code state} owns the moment estimates; close it (or {@link #close()}) when the run ends. */
    public Adam(NDManager state, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(state, lr, beta1, beta2, eps, weightDecay, false);
    }

    private Adam(NDManager state, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean decoupled) {
        this.decoupled = decoupled;
        this.state = state.newSubManager();
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** torch's defaults: betas (0.9, 0.999), ε 1e-8, no weight decay. */
    public static Adam withDefaults(NDManager state, double lr) {
        return new Adam(state, lr, 0.9, 0.999, 1e-8, 0);
    }

    /** torch.optim.AdamW with its default betas (0.9, 0.999) and ε 1e-8, and decoupled weight decay. */
    public static Adam adamW(NDManager state, double lr, double weightDecay) {
        return new Adam(state, lr, 0.9, 0.999, 1e-8, weightDecay, true);
    }

    @Override
    public void step(List<NDArray> params, List<NDArray> grads) {
        if (m == null) {
            m = new NDArray[params.size()];
            v = new NDArray[params.size()];
            for (int i = 0; i < m.length; i++) {
                m[i] = state.zeros(params.get(i).getShape(), params.get(i).getDataType());
                v[i] = state.zeros(params.get(i).getShape(), params.get(i).getDataType());
                // state outlives the caller's per-iteration scope
                NDScope.unregister(m[i], v[i]);
            }
        }
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, steps));
        for (int i = 0; i < m.length; i++) {
            NDArray p = params.get(i);
            NDArray g = grads.get(i);
            if (decoupled) {
                p.muli(1 - lr * weightDecay);
            } else {
                g = Sgd.withWeightDecay(g, p, weightDecay);
            }
            m[i].muli(beta1).addi(g.mul(1 - beta1));
            v[i].muli(beta2).addi(g.square().muli(1 - beta2));
            NDArray denom = Sgd.temporary(v[i].sqrt(), g).divi(sqrtCorrection2).addi(eps);
            p.subi(Sgd.temporary(m[i].div(denom), g).muli(lr / correction1));
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
}
