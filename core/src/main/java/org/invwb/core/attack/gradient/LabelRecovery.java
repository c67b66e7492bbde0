package org.invwb.core.attack.gradient;

import org.invwb.core.fl.Observation;
import org.invwb.core.nn.HostTensor;

/** Reading labels off an observed gradient, before any optimisation. */
final class LabelRecovery {

    private LabelRecovery() {
    }

    /**
     * iDLG (Zhao et al. 2020): with one example and cross-entropy over non-negative features, the
     * last layer's weight gradient row of the true class is the only one with a negative sum, since
     * ∂ℓ/∂W_k = (softmax_k − y_k)·features.
     */
    static int idlg(Observation observation) {
        HostTensor w = observation.update().get(observation.network().classifierWeight());
        int classes = (int) w.shape()[0];
        int features = w.size() / classes;
        int best = 0;
        double bestSum = Double.POSITIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            double sum = 0;
            for (int j = 0; j < features; j++) {
                sum += w.data()[k * features + j];
            }
            if (sum < bestSum) {
                bestSum = sum;
                best = k;
            }
        }
        return best;
    }

    /**
     * Yin et al. (CVPR 2021, eq. 5): for a batch of distinct labels, ∂ℓ/∂W_{k,m} = (1/N)Σ_n (p_{n,k} − y_{n,k})·h_{n,m}
     * with non-negative features h, so a class present in the batch has a clearly negative entry in its
     * row; the N classes whose rows have the smallest minimum are the batch's labels, in that order.
     */
    static int[] yin(Observation observation) {
        HostTensor w = observation.update().get(observation.network().classifierWeight());
        int classes = (int) w.shape()[0];
        int features = w.size() / classes;
        double[] minimum = new double[classes];
        for (int k = 0; k < classes; k++) {
            double m = Double.POSITIVE_INFINITY;
            for (int j = 0; j < features; j++) {
                m = Math.min(m, w.data()[k * features + j]);
            }
            minimum[k] = m;
        }
        return java.util.stream.IntStream.range(0, classes).boxed()
                .sorted(java.util.Comparator.comparingDouble(k -> minimum[k]))
                .limit(Math.min(observation.batchSize(), classes))
                .mapToInt(Integer::intValue).toArray();
    }
}
