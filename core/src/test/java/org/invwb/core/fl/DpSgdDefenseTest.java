package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.DlgLeNet;
import org.invwb.core.nn.StateDict;
import org.junit.jupiter.api.Test;

class DpSgdDefenseTest {

    private static final ImageBatch BATCH = load();
    private static final DlgLeNet NET = new DlgLeNet(1, 28, 28, 10);
    private static final StateDict WEIGHTS = NET.initialise(11);

    private static ImageBatch load() {
        try {
            return BundledData.load("fashion-mnist-test").subset(new int[] {0, 1, 2, 3});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void clippingBoundsEveryPerExampleNormAndLeavesShortGradientsAlone() throws Exception {
        List<Double> plain = ComputeThread.call(() -> new DpSgdDefense(1e6, 0, 0)
                .clippedExampleGradients(NET, WEIGHTS, BATCH)).stream().map(DpSgdDefense::squaredNorm).map(Math::sqrt)
                .toList();
        double clip = plain.stream().mapToDouble(Double::doubleValue).sorted().toArray()[1];
        List<StateDict> clipped = ComputeThread.call(() -> new DpSgdDefense(clip, 0, 0)
                .clippedExampleGradients(NET, WEIGHTS, BATCH));
        for (int i = 0; i < clipped.size(); i++) {
            double norm = Math.sqrt(DpSgdDefense.squaredNorm(clipped.get(i)));
            assertTrue(norm <= clip * (1 + 1e-5), "example " + i + ": " + norm + " > " + clip);
            assertEquals(Math.min(plain.get(i), clip), norm, 1e-5 * clip, "example " + i);
        }
    }

    /** Without noise the update is the mean of the clipped gradients; one example clipped at ∞ is plain FedSGD. */
    @Test
    void withoutNoiseTheUpdateIsTheMeanOfClippedGradients() throws Exception {
        ImageBatch one = BATCH.subset(new int[] {2});
        StateDict dp = ComputeThread.call(() -> new DpSgdDefense(1e6, 0, 0).fedSgd(NET, WEIGHTS, one)).update();
        StateDict plain = ComputeThread.call(() -> FedSgdClient.computeUpdate(NET, WEIGHTS, one)).update();
        for (String name : plain.tensors().keySet()) {
            float[] a = plain.get(name).data();
            float[] b = dp.get(name).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-7, name);
            }
        }
    }

    /** The difference to the noiseless update is the noise divided by the batch size: σ·C/B per coordinate. */
    @Test
    void noiseHasStandardDeviationSigmaTimesClipOverBatch() throws Exception {
        double clip = 0.5;
        double sigma = 2;
        StateDict noisy = ComputeThread.call(() -> new DpSgdDefense(clip, sigma, 9).fedSgd(NET, WEIGHTS, BATCH)).update();
        StateDict clean = ComputeThread.call(() -> new DpSgdDefense(clip, 0, 9).fedSgd(NET, WEIGHTS, BATCH)).update();
        double sum = 0;
        double squares = 0;
        long n = 0;
        for (String name : clean.tensors().keySet()) {
            float[] a = noisy.get(name).data();
            float[] b = clean.get(name).data();
            for (int i = 0; i < a.length; i++) {
                double d = a[i] - b[i];
                sum += d;
                squares += d * d;
                n++;
            }
        }
        double expected = sigma * clip / BATCH.count();
        double mean = sum / n;
        assertTrue(n > 10_000, n + " coordinates");
        assertEquals(0, mean, 5 * expected / Math.sqrt(n));
        assertEquals(expected, Math.sqrt(squares / n - mean * mean), 0.02 * expected);
    }
}
