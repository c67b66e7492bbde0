package org.invwb.core.attack.backdoor;

import org.invwb.core.run.RecordedRun;
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

    // The shipped models at a reduced cost: 32 clean test images in mini-batches of 8, 4 mini-batches (one pass)
    // per step, 40 steps per class at lr 0.3, the cost schedule's patience shortened to 2 so it moves within them
    // (about 26 s per model on one compute thread of two shared cores).
    private static String spec(String weights) {
        return "{\"method\": \"neural-cleanse\", \"seed\": 0, \"data\": {\"source\": \"bundled:mnist-test\","
                + " \"count\": 32}, " + String.format(BackdoorModels.CONVNET_MNIST, weights) + ", \"parameters\":"
                + " {\"lr\": 0.3, \"initCost\": 0.01, \"patience\": 2, \"steps\": 40, \"earlyStopPatience\": 4,"
                + " \"batchSize\": 8, \"miniBatches\": 4}}";
    }

    @SuppressWarnings("unchecked")
    private static double norm(RecordedRun run, int c) {
        return ((List<Double>) run.metrics().get("maskNorms")).get(c);
    }

    /**
     * Measured at this cost: on the backdoored model the target's (7) mask norm is 21.0 against a median
     * of 53.9, the smallest of all, and on the clean model class 7 needs 279. The MAD rule does not
     * separate the width-4 pair at this cost: class 7's anomaly index is 1.52 on the backdoored model,
     * and on the clean model class 2 (33.6 against a median of 56.1) crosses 2 (2.31). Only 3.0 of the kept
     * class-7 mask's 21.0 lie on the planted 3×3 square: the search settles on a larger trigger elsewhere,
     * far above the square's 9 pixels, so the flag is not asserted here (see the backdoor samples' README).
     */
    @Test
    void theTargetNeedsTheSmallestTriggerOnlyOnTheBackdooredModel() throws Exception {
        RecordedRun backdoored = RecordedRun.of(spec("bundled:convnet-badnets-mnist"));
        assertEquals(RunReport.DONE, backdoored.report().status(), backdoored.report().reason());
        RecordedRun clean = RecordedRun.of(spec("bundled:convnet-mnist"));
        assertEquals(RunReport.DONE, clean.report().status(), clean.report().reason());
        System.out.println("backdoored " + backdoored.metrics());
        System.out.println("clean " + clean.metrics());
        double target = norm(backdoored, 7);
        assertEquals(7, backdoored.metric("smallestNormClass"));
        assertTrue(target < 0.65 * backdoored.metric("medianNorm"), "target norm " + target);
        assertTrue(norm(clean, 7) > 1.8 * target, "clean model's class-7 norm " + norm(clean, 7));
        // every class was reached: the success rate of each kept mask is at least the threshold
        for (Object rate : (List<?>) backdoored.metrics().get("attackSuccessRates")) {
            assertTrue((Double) rate >= 0.99, "success rate " + rate);
        }
    }
}
