package org.invwb.core.nn.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.ConditionalUNet;
import org.junit.jupiter.api.Test;

class SamplersTest {

    /**
     * DDIM with η = 1 on the full grid is DDPM's ancestral sampler: its σ² is the posterior variance
     * β̃_t and its mean the posterior mean (Song et al. 2021, section 4.1). The two implementations,
     * written from different formulas, must agree step for step when they draw the same noise.
     */
    @Test
    void ddimWithEtaOneOnEveryTimestepIsDdpm() throws Exception {
        ConditionalUNet unet = new ConditionalUNet(1, 28, 10, 8);
        NoiseSchedule schedule = NoiseSchedule.of("linear", 12);
        var weights = unet.initialise(9);
        double[][] out = ComputeThread.call(() -> {
            try (NDManager root = NDManager.newBaseManager();
                 DiffusionModel model = new DiffusionModel(unet, schedule, weights, root, DataType.FLOAT64)) {
                NDArray noise = model.gaussian(root, new Shape(2, 1, 28, 28), new SplittableRandom(1));
                int[] labels = {2, 10};
                NDArray ddim = Samplers.ddim(model, noise, labels, 2, new DdimGrid(schedule, 12), 1, false,
                        new SplittableRandom(5), root, Samplers.IGNORE);
                NDArray ddpm = Samplers.ddpm(model, noise, labels, 2, false, new SplittableRandom(5), root,
                        Samplers.IGNORE);
                NDArray deterministic = Samplers.ddim(model, noise, labels, 2, new DdimGrid(schedule, 12), 0, false,
                        new SplittableRandom(5), root, Samplers.IGNORE);
                return new double[][] {ddim.toDoubleArray(), ddpm.toDoubleArray(), deterministic.toDoubleArray()};
            }
        });
        double gap = 0;
        for (int i = 0; i < out[0].length; i++) {
            assertEquals(out[1][i], out[0][i], 1e-9 * (1 + Math.abs(out[1][i])), "pixel " + i);
            gap = Math.max(gap, Math.abs(out[0][i] - out[2][i]));
        }
        assertTrue(gap > 1e-3, "η = 1 drew no noise: it equals η = 0");
    }
}
