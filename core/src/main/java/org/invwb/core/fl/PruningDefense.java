package org.invwb.core.fl;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.StateDict;

/**
 * Gradient pruning (Zhu, Liu and Han, NeurIPS 2019, section 5; top-k sparsification as in Lin et al.,
 * ICLR 2018): the entries of smallest magnitude over the whole update are set to zero, so that a
 * fraction {@code pruneFraction} of all entries is zero and exactly the rest is sent.
 */
public final class PruningDefense implements UpdateDefense {

    public static final String NAME = "pruning";

    private final double pruneFraction;

    public PruningDefense(double pruneFraction) {
        if (!(pruneFraction >= 0 && pruneFraction <= 1)) {
            throw new IllegalArgumentException("pruneFraction must lie in [0, 1], got " + pruneFraction);
        }
        this.pruneFraction = pruneFraction;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** How many of {@code total} entries survive. */
    public long kept(long total) {
        return total - Math.round(pruneFraction * total);
    }

    @Override
    public StateDict apply(StateDict update) {
        int total = Math.toIntExact(update.parameterCount());
        int keep = (int) kept(total);
        float[] magnitudes = new float[total];
        int at = 0;
        for (HostTensor t : update.tensors().values()) {
            for (float v : t.data()) {
                magnitudes[at++] = Math.abs(v);
            }
        }
        Arrays.sort(magnitudes);
        float threshold = keep == 0 ? Float.POSITIVE_INFINITY : magnitudes[total - keep];
        // entries above the threshold all stay; ties at it fill the remaining places in order, so exactly `keep` stay
        int above = total - upperBound(magnitudes, threshold);
        int tiesLeft = keep - above;
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : update.tensors().entrySet()) {
            float[] data = e.getValue().data();
            float[] kept = new float[data.length];
            for (int i = 0; i < data.length; i++) {
                float m = Math.abs(data[i]);
                if (m > threshold) {
                    kept[i] = data[i];
                } else if (m == threshold && tiesLeft > 0) {
                    kept[i] = data[i];
                    tiesLeft--;
                }
            }
            out.put(e.getKey(), new HostTensor(e.getValue().shape(), kept));
        }
        return new StateDict(out);
    }

    /** Index of the first element of the sorted {@code a} greater than {@code v}. */
    private static int upperBound(float[] a, float v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
