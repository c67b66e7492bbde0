package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.invwb.core.engine.Scalars;

/**
 * How far a dummy update lies from the observed one, as a differentiable scalar. The observed
 * update is fixed when the distance is made; {@link #between} takes the dummy update, layer by layer
 * in the network's trainable order, and puts its result in the dummy's (per-iteration) manager.
 */
@FunctionalInterface
interface GradientDistance {

    NDArray between(List<NDArray> dummy);

    /** DLG's squared Euclidean distance, Σ_layers ‖g − g'‖². */
    static GradientDistance squaredL2(List<NDArray> target) {
        return dummy -> {
            NDArray sum = null;
            for (int i = 0; i < dummy.size(); i++) {
                NDArray term = dummy.get(i).sub(target.get(i)).square().sum();
                sum = sum == null ? term : sum.add(term);
            }
            return sum;
        };
    }

    /**
     * Inverting Gradients' cosine distance over the whole update, as the reference code's
     * {@code cost_fn='sim'} sums it: 1 − Σ_l⟨g_l, g'_l⟩ / (√Σ_l‖g_l‖² · √Σ_l‖g'_l‖²), so layers count by
     * their share of the norm, not one by one.
     */
    static GradientDistance cosine(List<NDArray> target) {
        double targetNorm = 0;
        for (NDArray t : target) {
            try (NDArray s = t.square().sum()) {
                targetNorm += s.getFloat();
            }
        }
        double inverseTargetNorm = 1 / Math.sqrt(targetNorm);
        return dummy -> {
            NDArray dot = null;
            NDArray squares = null;
            for (int i = 0; i < dummy.size(); i++) {
                NDArray g = dummy.get(i);
                NDArray d = g.mul(target.get(i)).sum();
                NDArray s = g.square().sum();
                dot = dot == null ? d : dot.add(d);
                squares = squares == null ? s : squares.add(s);
            }
            return Scalars.times(dot.div(squares.sqrt()), -inverseTargetNorm).add(1f);
        };
    }
}
