package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** How far a dummy gradient is from the observed one, summed over the trainable tensors in order. */
enum GradientDistance {

    /** Σ_l ‖g_l − t_l‖², the distance of DLG and of Yin et al. (CVPR 2021). */
    L2 {
        @Override
        NDArray of(List<NDArray> dummy, List<NDArray> target) {
            NDArray sum = null;
            for (int i = 0; i < dummy.size(); i++) {
                NDArray term = dummy.get(i).sub(target.get(i)).square().sum();
                sum = sum == null ? term : sum.add(term);
            }
            return sum;
        }
    },

    /**
     * 1 − ⟨g, t⟩ / (‖g‖·‖t‖) over the whole gradient vector, the distance of Geiping et al. (NeurIPS
     * 2020): only the direction of the gradient counts, not its size.
     */
    COSINE {
        @Override
        NDArray of(List<NDArray> dummy, List<NDArray> target) {
            NDArray dot = null;
            NDArray dummyNorm = null;
            double targetNorm = 0;
            for (int i = 0; i < dummy.size(); i++) {
                NDArray g = dummy.get(i);
                NDArray d = g.mul(target.get(i)).sum();
                NDArray n = g.square().sum();
                dot = dot == null ? d : dot.add(d);
                dummyNorm = dummyNorm == null ? n : dummyNorm.add(n);
                targetNorm += target.get(i).square().sum().getFloat();
            }
            return dot.div(dummyNorm.sqrt().mul((float) Math.sqrt(targetNorm))).neg().add(1f);
        }
    };

    abstract NDArray of(List<NDArray> dummy, List<NDArray> target);
}
