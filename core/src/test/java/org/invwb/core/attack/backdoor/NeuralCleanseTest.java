package org.invwb.core.attack.backdoor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

class NeuralCleanseTest {

    /**
     * Hand-computed: median 10, absolute deviations' median 1, so MAD = 1.4826; class 5 (norm 2) has
     * index 8 / 1.4826 = 5.396 and is flagged; class 4 (norm 12) has 1.349 and lies above the median anyway.
     */
    @Test
    void anomalyIndexIsTheDistanceToTheMedianInConsistentMadUnits() {
        double[] norms = {10, 10, 11, 9, 12, 2, 10, 11, 9, 10};
        double[] index = NeuralCleanse.anomalyIndices(norms);
        double mad = 1.4826;
        assertArrayEquals(new double[] {0, 0, 1 / mad, 1 / mad, 2 / mad, 8 / mad, 0, 1 / mad, 1 / mad, 0}, index, 1e-12);
        assertEquals(List.of(5), NeuralCleanse.flagged(norms, 2));
        // a class far ABOVE the median is never flagged: only unusually small triggers betray a backdoor
        assertEquals(List.of(), NeuralCleanse.flagged(new double[] {10, 10, 11, 9, 30, 10, 9, 11}, 2));
    }

    // The shipped models at a reduced cost (about 20 s each here): 32 clean test images in mini-batches of 8,
    // 40 steps per class at lr 0.3, the cost schedule's patience shortened to 2 so it moves within them.
    private static String spec(String weights) {
        return "{\"method\": \"neural-cleanse\", \"seed\": 0, \"data\": {\"source\": \"bundled:mnist-test\","
                + " \"count\": 32}, " + String.format(BackdoorRun.CONVNET_MNIST, weights) + ", \"parameters\":"
                + " {\"lr\": 0.3, \"initCost\": 0.01, \"patience\": 2, \"steps\": 40, \"earlyStopPatience\": 4,"
                + " \"batchSize\": 8}}";
    }

    @SuppressWarnings("unchecked")
    private static double norm(BackdoorRun run, int c) {
        return ((List<Double>) run.metrics().get("maskNorms")).get(c);
    }

    /**
     * Measured at this cost: on the backdoored model the target's (7) mask norm is 27.8 against a median
     * of 52.5, the smallest of all but an anomaly index of 1.72, so not flagged at this cost (the paper's
     * cost was not run here); on the clean model class 7 needs 61.9 and no class is flagged.
     */
    @Test
    void theTargetNeedsAnUnusuallySmallTriggerOnlyOnTheBackdooredModel() throws Exception {
        BackdoorRun backdoored = BackdoorRun.of(spec("bundled:convnet-badnets-mnist"));
        assertEquals(RunReport.DONE, backdoored.report().status(), backdoored.report().reason());
        BackdoorRun clean = BackdoorRun.of(spec("bundled:convnet-mnist"));
        assertEquals(RunReport.DONE, clean.report().status(), clean.report().reason());
        System.out.println("backdoored " + backdoored.metrics());
        System.out.println("clean " + clean.metrics());
        double target = norm(backdoored, 7);
        assertTrue(target < 0.65 * backdoored.metric("medianNorm"), "target norm " + target);
        assertTrue(norm(clean, 7) > 1.8 * target, "clean model's class-7 norm " + norm(clean, 7));
        assertEquals(List.of(), clean.metrics().get("flaggedClasses"));
        // every class was reached: the success rate of each kept mask is at least the threshold
        for (Object rate : (List<?>) backdoored.metrics().get("attackSuccessRates")) {
            assertTrue((Double) rate >= 0.99, "success rate " + rate);
        }
    }
}
