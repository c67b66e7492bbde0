package org.invwb.core.fl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.StateDict;

/** The FedAvg server's aggregation (McMahan et al., AISTATS 2017): updates weighted by each client's data size. */
public final class FedAvgServer {

    private FedAvgServer() {
    }

    /** Σ_k n_k·Δ_k / Σ_k n_k over the clients' updates and their example counts. */
    public static StateDict weightedMean(List<StateDict> updates, int[] dataSizes) {
        if (updates.isEmpty() || updates.size() != dataSizes.length) {
            throw new IllegalArgumentException("need one data size per update, and at least one update");
        }
        double total = 0;
        for (int n : dataSizes) {
            total += n;
        }
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : updates.get(0).tensors().entrySet()) {
            double[] sum = new double[e.getValue().size()];
            for (int k = 0; k < updates.size(); k++) {
                float[] v = updates.get(k).get(e.getKey()).data();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += dataSizes[k] * (double) v[i];
                }
            }
            float[] mean = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                mean[i] = (float) (sum[i] / total);
            }
            out.put(e.getKey(), new HostTensor(e.getValue().shape(), mean));
        }
        return new StateDict(out);
    }
}
