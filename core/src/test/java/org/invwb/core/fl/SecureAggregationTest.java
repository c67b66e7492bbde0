package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.StateDict;
import org.junit.jupiter.api.Test;

class SecureAggregationTest {

    private static StateDict update(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[20_000];
        float[] b = new float[10];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (0.1 * Sampling.gaussian(r));
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextDouble();
        }
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("fc.weight", new HostTensor(new long[] {10, 2000}, w));
        t.put("fc.bias", new HostTensor(new long[] {10}, b));
        return new StateDict(t);
    }

    @Test
    void theMasksCancelExactlyInTheSum() {
        int clients = 5;
        SecureAggregation protocol = new SecureAggregation(clients, 42);
        List<StateDict> updates = new ArrayList<>();
        List<SecureAggregation.MaskedUpdate> masked = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            updates.add(update(k));
            masked.add(protocol.mask(k, updates.get(k)));
        }
        StateDict sum = protocol.sum(masked);
        for (String name : updates.get(0).tensors().keySet()) {
            // exact: the sum of the fixed-point encodings, with every mask gone
            int[] expectedWords = new int[sum.get(name).size()];
            double[] floatSum = new double[expectedWords.length];
            for (StateDict u : updates) {
                int[] w = SecureAggregation.encode(u.get(name).data());
                for (int i = 0; i < w.length; i++) {
                    expectedWords[i] += w[i];
                    floatSum[i] += u.get(name).data()[i];
                }
            }
            assertArrayEquals(expectedWords, SecureAggregation.encode(sum.get(name).data()), name);
            for (int i = 0; i < floatSum.length; i++) {
                assertEquals(floatSum[i], sum.get(name).data()[i], clients * Math.pow(2, -SecureAggregation.FRACTION_BITS));
            }
        }
    }

    /** A masked update read as numbers is uniform noise: no correlation with the update behind it. */
    @Test
    void aMaskedUpdateAloneRevealsNothing() {
        SecureAggregation protocol = new SecureAggregation(3, 7);
        StateDict plain = update(1);
        float[] truth = plain.get("fc.weight").data();
        float[] seen = protocol.mask(1, plain).asNumbers().get("fc.weight").data();
        double correlation = correlation(truth, seen);
        // |r| of independent samples is about 1/√n = 0.007 here
        assertTrue(Math.abs(correlation) < 0.03, "correlation " + correlation);
        assertTrue(Math.abs(correlation(truth, truth) - 1) < 1e-9);
    }

    @Test
    void theSumNeedsEveryClient() {
        SecureAggregation protocol = new SecureAggregation(3, 7);
        List<SecureAggregation.MaskedUpdate> two = List.of(protocol.mask(0, update(0)), protocol.mask(1, update(1)));
        assertThrows(IllegalArgumentException.class, () -> protocol.sum(two));
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
