package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.engine.ResidentMemory;
import org.invwb.core.fl.FedSgdClient;
import org.invwb.core.fl.Observation;
import org.invwb.core.nn.DlgLeNet;
import org.junit.jupiter.api.Test;

/** The double-backward loop of gradient matching must not accumulate arrays or native memory. */
class GradientMatchingMemoryTest {

    private static final int ITERATIONS = 2000;
    /** Allocator arenas and compiled code settle within the first few hundred evaluations. */
    private static final int WARM_UP = 500;

    @Test
    void twoThousandEvaluationsKeepArraysAndResidentMemoryFlat() throws Exception {
        ImageBatch photo = BundledData.load("photos").subset(new int[] {0});
        ImageBatch labelled = new ImageBatch(photo.pixels(), 1, 3, 64, 64, new int[] {3}, 10, null);
        long[] result = ComputeThread.call(() -> {
            DlgLeNet net = new DlgLeNet(3, 64, 64, 10);
            Observation obs = FedSgdClient.computeUpdate(net, net.initialise(1), labelled);
            try (NDManager root = NDManager.newBaseManager();
                 GradientMatching objective = new GradientMatching(obs, null, root)) {
                SplittableRandom random = new SplittableRandom(3);
                double[] vars = new double[objective.size()];
                double[] grad = new double[vars.length];
                long arraysAfterFirst = 0;
                long rssWarm = 0;
                for (int i = 0; i < ITERATIONS; i++) {
                    for (int k = 0; k < vars.length; k++) {
                        vars[k] = random.nextDouble();
                    }
                    objective.evaluate(vars, grad);
                    if (i == 0) {
                        arraysAfterFirst = ((BaseNDManager) root).getManagedArrays().size();
                    }
                    if (i == WARM_UP) {
                        rssWarm = ResidentMemory.bytes() / 1024;
                    }
                }
                return new long[] {arraysAfterFirst, ((BaseNDManager) root).getManagedArrays().size(),
                                   rssWarm, ResidentMemory.bytes() / 1024};
            }
        });
        assertEquals(result[0], result[1], "live NDArrays after 1 and " + ITERATIONS + " evaluations");
        long growthKb = result[3] - result[2];
        // The heap is fixed and pre-touched (surefire argLine), so growth here is native memory;
        // a leaked graph or upload buffer per evaluation would add 70 MB or more.
        assertTrue(growthKb < 4_000, "resident memory grew by " + growthKb + " kB over " + (ITERATIONS - WARM_UP) + " evaluations");
    }
}
