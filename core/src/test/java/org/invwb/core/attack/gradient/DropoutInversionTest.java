package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

/**
 * The dropout inversion attack against a client with dropout (p = 0.25) on a 64-unit MLP, one
 * Fashion-MNIST image, against inverting gradients at its defaults, same seed and iterations.
 */
class DropoutInversionTest {

    private static String spec(String method) {
        return "{\"method\":\"" + method + "\",\"seed\":1,\"data\":{\"source\":\"bundled:fashion-mnist-test\"},"
                + "\"model\":{\"architecture\":\"mlp\",\"channels\":1,\"imageSize\":28,\"numClasses\":10,\"width\":64},"
                + "\"client\":{\"defense\":\"dropout\",\"dropoutRate\":0.25},"
                + "\"parameters\":{\"iterations\":200}}";
    }

    /** Measured: 29.7 dB (SSIM 0.92) for the dropout inversion attack, 16.5 dB (SSIM 0.50) for inverting gradients. */
    @Test
    void modellingTheMasksBeatsIgnoringThem() throws Exception {
        RunReport dia = Runs.run(spec("dropout-inversion"));
        RunReport baseline = Runs.run(spec("inverting-gradients"));
        assertEquals("done", dia.status(), dia.reason());
        assertEquals("done", baseline.status(), baseline.reason());
        double withMasks = (double) dia.metrics().get("psnr");
        double without = (double) baseline.metrics().get("psnr");
        assertTrue(withMasks > 25, "dropout inversion " + withMasks + " dB");
        assertTrue(without < 20, "baseline " + without + " dB");
        assertTrue(withMasks > without + 8, withMasks + " dB against " + without + " dB");
        assertEquals(1.0, (double) dia.metrics().get("labelAccuracy"));
    }
}
