package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RdpAccountantTest {

    /**
     * TensorFlow Privacy, tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy.py, module docstring:
     * "compute_dp_sgd_privacy --N=60000 --batch_size=256 --noise_multiplier=1.12 --epochs=60 --delta=1e-5 ...
     * The output states that DP-SGD with these parameters satisfies (2.92, 1e-5)-DP." The script runs
     * ceil(60·60000/256) steps at q = 256/60000 and minimises over a finer grid of orders than the integers
     * used here, so ours may only be slightly larger.
     */
    @Test
    void matchesTensorFlowPrivacysPublishedExample() {
        long steps = (long) Math.ceil(60 * 60000 / 256.0);
        double eps = RdpAccountant.epsilon(256 / 60000.0, 1.12, steps, 1e-5);
        assertEquals(2.92, eps, 0.03);
        assertTrue(eps > 2.92 - 0.005, "integer orders cannot beat the finer grid: " + eps);
    }

    /** Without subsampling the Gaussian mechanism has RDP α/(2σ²) (Mironov 2017, table 2). */
    @Test
    void fullBatchIsThePlainGaussianMechanism() {
        double sigma = 3;
        double delta = 1e-5;
        double best = Double.POSITIVE_INFINITY;
        for (int a = 2; a <= 256; a++) {
            best = Math.min(best, 4 * a / (2 * sigma * sigma) + Math.log(1 / delta) / (a - 1));
        }
        assertEquals(best, RdpAccountant.epsilon(1, sigma, 4, delta), 1e-12);
        assertEquals(5 / (2 * sigma * sigma), RdpAccountant.rdp(1, sigma, 5), 1e-15);
        assertEquals(5 / (2 * sigma * sigma), RdpAccountant.rdp(1 - 1e-12, sigma, 5), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, RdpAccountant.epsilon(1, 0, 1, delta));
    }
}
