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

    // The shipped models with reduced settings: 64 clean test images (2 mini-batches per step), 40 steps
    // per class, the cost schedule's patience shortened to 3 so it moves within them.
    private static String spec(String weights) {
        return "{\"method\": \"neural-cleanse\", \"seed\": 0, \"data\": {\"source\": \"bundled:mnist-test\","
                + " \"count\": 64}, " + String.format(BackdoorRun.CONVNET_MNIST, weights) + ", \"parameters\":"
                + " {\"steps\": 40, \"patience\": 3, \"earlyStopPatience\": 6}}";
    }

    @Test
    void flagsTheTargetOfTheShippedBackdooredModel() throws Exception {
        BackdoorRun run = BackdoorRun.of(spec("bundled:convnet-badnets-mnist"));
        assertEquals(RunReport.DONE, run.report().status(), run.report().reason());
        System.out.println("backdoored " + run.metrics());
        assertEquals(List.of(7), run.metrics().get("flaggedClasses"));
        assertEquals(7, run.metric("smallestNormClass"));
    }

    @Test
    void flagsNothingOnTheShippedCleanModel() throws Exception {
        BackdoorRun run = BackdoorRun.of(spec("bundled:convnet-mnist"));
        assertEquals(RunReport.DONE, run.report().status(), run.report().reason());
        System.out.println("clean " + run.metrics());
        assertEquals(List.of(), run.metrics().get("flaggedClasses"));
    }
}
