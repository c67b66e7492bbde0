package org.invwb.core.attack.gradient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.invwb.core.fl.Observation;
import org.invwb.core.fl.UpdateKind;
import org.invwb.core.nn.HostTensor;

/**
 * Reading labels off an observed update, before any optimisation. All rules read the last layer's
 * weight gradient ∂ℓ/∂W_k = mean_b (softmax_k(b) − y_k(b))·features(b): with non-negative features
 * (after a ReLU or a sigmoid) only the rows of classes present in the batch can turn negative.
 * A FedAvg weight difference is −η times a sum of such gradients, so its sign is flipped first.
 */
final class LabelRecovery {

    private LabelRecovery() {
    }

    /**
     * iDLG (Zhao et al. 2020): with one example, the true class's row is the only one with a
     * negative sum.
     */
    static int idlg(Observation observation) {
        return argsort(rowSums(observation))[0];
    }

    /**
     * Yin et al. 2021 (GradInversion, eq. 5): the {@code batch} classes whose rows have the most
     * negative minimum entry. Exact when the labels of the batch do not repeat.
     */
    static int[] yin(Observation observation) {
        double[][] rows = rows(observation);
        double[] minima = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            minima[k] = Arrays.stream(rows[k]).min().orElse(0);
        }
        return Arrays.copyOf(argsort(minima), observation.batchSize());
    }

    /**
     * LLG (Wainakh et al., PETS 2022, "User-Level Label Leakage from Gradients in Federated
     * Learning", the basic variant of their code): every class with a negative row sum is in the
     * batch; the mean impact of one example, m = (Σ negative sums / B)·(1 + 1/C), is subtracted from
     * each class taken, and the remaining places go, one at a time, to the class with the smallest
     * sum, which is charged m again (so repeated labels are found). When more than B sums are
     * negative, the B most negative are kept.
     */
    static int[] llg(Observation observation) {
        double[] sums = rowSums(observation);
        int batch = observation.batchSize();
        int classes = sums.length;
        double negative = 0;
        for (double s : sums) {
            negative += Math.min(s, 0);
        }
        double impact = negative / batch * (1 + 1.0 / classes);
        List<Integer> out = new ArrayList<>(batch);
        for (int k : argsort(sums)) {
            if (sums[k] >= 0 || out.size() == batch) {
                break;
            }
            out.add(k);
        }
        out.forEach(k -> sums[k] -= impact);
        while (out.size() < batch) {
            int k = argsort(sums)[0];
            out.add(k);
            sums[k] -= impact;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[] rowSums(Observation observation) {
        return Arrays.stream(rows(observation)).mapToDouble(r -> Arrays.stream(r).sum()).toArray();
    }

    /** The last layer's weight gradient (or, for FedAvg, minus the weight difference), one row per class. */
    private static double[][] rows(Observation observation) {
        HostTensor w = observation.update().get(observation.network().classifierWeight());
        double sign = observation.kind() == UpdateKind.WEIGHT_DIFFERENCE ? -1 : 1;
        int classes = (int) w.shape()[0];
        int features = w.size() / classes;
        double[][] rows = new double[classes][features];
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < features; j++) {
                rows[k][j] = sign * w.data()[k * features + j];
            }
        }
        return rows;
    }

    /** Indices by increasing value, ties by index. */
    private static int[] argsort(double[] values) {
        return IntStream.range(0, values.length).boxed()
                .sorted(Comparator.comparingDouble((Integer k) -> values[k]).thenComparing(k -> k))
                .mapToInt(Integer::intValue).toArray();
    }
}
