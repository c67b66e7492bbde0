package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.DlgLeNet;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.StateDict;
import org.junit.jupiter.api.Test;

class UpdateDefensesTest {

    /** A real FedSGD gradient: the sigmoid LeNet on three Fashion-MNIST images. */
    private static StateDict gradient() throws Exception {
        ImageBatch fashion = BundledData.load("fashion-mnist-test").subset(new int[] {0, 1, 2});
        DlgLeNet net = new DlgLeNet(1, 28, 28, 10);
        return ComputeThread.call(() -> FedSgdClient.computeUpdate(net, net.initialise(3), fashion)).update();
    }

    private static StateDict random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        float[] b = new float[size / 2];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Sampling.gaussian(r);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (3 * r.nextDouble() - 1);
        }
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("a", new HostTensor(new long[] {size}, a));
        t.put("b", new HostTensor(new long[] {size / 2}, b));
        return new StateDict(t);
    }

    @Test
    void pruningNinetyPercentLeavesExactlyTheLargestTenthOfTheGradient() throws Exception {
        StateDict g = gradient();
        StateDict pruned = new PruningDefense(0.9).apply(g);
        long total = g.parameterCount();
        long nonZero = 0;
        float smallestKept = Float.POSITIVE_INFINITY;
        float largestDropped = 0;
        for (String name : g.tensors().keySet()) {
            float[] before = g.get(name).data();
            float[] after = pruned.get(name).data();
            for (int i = 0; i < before.length; i++) {
                if (after[i] != 0) {
                    nonZero++;
                    assertEquals(before[i], after[i], 0f, "kept entries are sent unchanged");
                    smallestKept = Math.min(smallestKept, Math.abs(before[i]));
                } else {
                    largestDropped = Math.max(largestDropped, Math.abs(before[i]));
                }
            }
        }
        assertEquals(total - Math.round(0.9 * total), nonZero);
        assertEquals(0.1, nonZero / (double) total, 1.0 / total);
        assertTrue(smallestKept >= largestDropped, smallestKept + " < " + largestDropped);
    }

    @Test
    void pruningBreaksTiesToKeepTheExactCount() {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("w", new HostTensor(new long[] {10}, new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
        StateDict pruned = new PruningDefense(0.7).apply(new StateDict(t));
        int nonZero = 0;
        for (float v : pruned.get("w").data()) {
            nonZero += v != 0 ? 1 : 0;
        }
        assertEquals(3, nonZero);
    }

    @Test
    void quantisationUsesAtMostTwoToTheBitsLevelsAndRoundsToTheNearest() {
        StateDict u = random(4000, 1);
        int bits = 3;
        StateDict q = new QuantisationDefense(bits).apply(u);
        for (String name : u.tensors().keySet()) {
            float[] before = u.get(name).data();
            float[] after = q.get(name).data();
            TreeSet<Float> levels = new TreeSet<>();
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : before) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double step = (max - min) / ((1 << bits) - 1.0);
            for (int i = 0; i < before.length; i++) {
                levels.add(after[i]);
                assertTrue(Math.abs(after[i] - before[i]) <= step / 2 + 1e-6, name + "[" + i + "]");
            }
            assertTrue(levels.size() <= 1 << bits, levels.size() + " levels");
            assertEquals(min, levels.first(), 1e-6);
            assertEquals(max, levels.last(), 1e-6);
        }
    }

    /** On a zero update the noise is all the server sees: its standard deviation is the configured one. */
    @Test
    void noiseHasTheConfiguredStandardDeviation() {
        Map<String, HostTensor> zero = new LinkedHashMap<>();
        zero.put("w", new HostTensor(new long[] {200_000}, new float[200_000]));
        double s = 0.03;
        assertStandardDeviation(NoiseDefense.gaussian(s, 5).apply(new StateDict(zero)), s);
        assertStandardDeviation(NoiseDefense.laplacian(s, 5).apply(new StateDict(zero)), s * Math.sqrt(2));
    }

    static void assertStandardDeviation(StateDict noise, double expected) {
        float[] v = noise.get("w").data();
        double sum = 0;
        double squares = 0;
        for (float x : v) {
            sum += x;
            squares += (double) x * x;
        }
        double mean = sum / v.length;
        assertEquals(0, mean, 5 * expected / Math.sqrt(v.length));
        assertEquals(expected, Math.sqrt(squares / v.length - mean * mean), 0.01 * expected);
    }
}
