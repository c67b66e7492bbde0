package org.invwb.core.attack.backdoor;

import org.invwb.core.run.RecordedRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

class SmoothInvTest {

    /** x + δ is clamped into [0, 1] first, then δ is scaled onto the L2 ball when it lies outside. */
    @Test
    void projectionClampsThenRenormalises() {
        float[] x = {0.9f, 0.1f, 0.5f};
        float[] out = new float[3];
        SmoothInv.project(new float[] {0.5f, -0.5f, 0}, x, 10, out);
        assertArrayEquals(new float[] {0.1f, -0.1f, 0}, out, 1e-6f);
        SmoothInv.project(new float[] {0.1f, 0, 0.4f}, x, 0.2, out); // clamped (0.1, 0, 0.4), norm 0.4123
        double norm = Math.sqrt(0.1 * 0.1 + 0.4 * 0.4);
        assertArrayEquals(new float[] {(float) (0.1 * 0.2 / norm), 0, (float) (0.4 * 0.2 / norm)}, out, 1e-6f);
    }

    private static String spec(String weights) {
        return "{\"method\": \"smoothinv\", \"seed\": 0, \"data\": {\"source\": \"bundled:mnist-test\", \"index\": 1,"
                + " \"heldOut\": 300}, " + String.format(BackdoorModels.CONVNET_MNIST, weights) + ", \"parameters\":"
                + " {\"targetClass\": 7, \"steps\": " + STEPS + ", \"samples\": 20, \"epsilon\": " + EPSILON + "}}";
    }

    /** Reduced from the paper's 400 steps and 40 draws; ε 55 at the paper's scale is 3.97 on 28×28, about the L2 norm
     *  of the planted 4×4 white square (at most 4.0). */
    static final int STEPS = 100;
    static final double EPSILON = 55;

    /** From test image 1 (a 0) alone, toward the planted target 7, with the same budget on both models. */
    @Test
    void theRecoveredTriggerTransfersOnTheBackdooredModelAndNotOnTheCleanOne() throws Exception {
        RecordedRun backdoored = RecordedRun.of(spec("bundled:convnet-badnets-mnist"));
        assertEquals(RunReport.DONE, backdoored.report().status(), backdoored.report().reason());
        RecordedRun clean = RecordedRun.of(spec("bundled:convnet-clean-mnist"));
        assertEquals(RunReport.DONE, clean.report().status(), clean.report().reason());
        // measured: 0.981 on the backdoored model, 0.019 on the clean one (269 non-7 held-out images)
        assertTrue(backdoored.metric("attackSuccessRate") > 0.9, "backdoored " + backdoored.metrics());
        assertTrue(clean.metric("attackSuccessRate") < 0.2, "clean " + clean.metrics());
        assertEquals(269, backdoored.metric("heldOutImages"));
        double budget = EPSILON * Math.sqrt(784.0 / (3 * 224 * 224));
        assertEquals(budget, backdoored.metric("epsilon"), 1e-9);
        assertTrue(backdoored.metric("perturbationNorm") <= budget + 1e-4);
    }
}
