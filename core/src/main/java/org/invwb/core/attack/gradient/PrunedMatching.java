package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * GGL's adaptive answer to a pruned update: the dummy update is pruned the way the client's was before
 * it is compared, keeping its largest entries over the whole update, as many as the observed update has
 * non-zero ones (the pruning rate is read off the observation, as the reference's
 * {@code defense_setting['compression']} estimate does). The mask is a constant of each evaluation.
 */
final class PrunedMatching {

    private PrunedMatching() {
    }

    /** {@code inner}, applied to the dummy update pruned to the observed update's number of non-zero entries. */
    static GradientDistance of(GradientDistance inner, List<NDArray> target) {
        long total = 0;
        long nonZero = 0;
        for (NDArray t : target) {
            total += t.size();
            try (NDArray count = t.neq(0).sum()) {
                nonZero += count.toType(DataType.INT64, false).getLong();
            }
        }
        if (nonZero == total || nonZero == 0) {
            return inner;
        }
        long keep = nonZero;
        long size = total;
        return dummy -> {
            NDList magnitudes = new NDList(dummy.size());
            dummy.forEach(g -> magnitudes.add(g.stopGradient().abs().flatten()));
            NDArray sorted = NDArrays.concat(magnitudes).sort();
            NDArray threshold = sorted.get(size - keep);
            List<NDArray> pruned = new ArrayList<>(dummy.size());
            for (NDArray g : dummy) {
                pruned.add(g.mul(g.stopGradient().abs().gte(threshold).toType(g.getDataType(), false)));
            }
            return inner.between(pruned);
        };
    }
}
