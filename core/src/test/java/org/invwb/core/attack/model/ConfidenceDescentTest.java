package org.invwb.core.attack.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Mlp;
import org.invwb.core.nn.StateDict;
import org.junit.jupiter.api.Test;

class ConfidenceDescentTest {

    /** Softmax regression on four pixels whose class-1 logit minus class-0 logit is w·x, w = (2, −3, 1, −1). */
    private static final float[] W = {2, -3, 1, -1};

    private static ConfidenceDescent.Result invert(ConfidenceDescent.Settings settings, List<Double> costs)
            throws Exception {
        Mlp linear = new Mlp(new Shape(1, 2, 2), 2);
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        float[] weight = new float[8];
        System.arraycopy(W, 0, weight, 4, 4);
        tensors.put("linear0.weight", new HostTensor(new long[] {2, 4}, weight));
        tensors.put("linear0.bias", new HostTensor(new long[] {2}, new float[2]));
        StateDict weights = new StateDict(tensors);
        return ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                Map<String, NDArray> params = weights.toArrays(m);
                return ConfidenceDescent.run(linear, params, 1, settings, (step, cost, image) -> costs.add(cost));
            }
        });
    }

    /**
     * Over the box [0, 1]⁴ the class-1 probability σ(w·x) is largest at the corner x_j = 1 where w_j > 0
     * and 0 where w_j < 0; projected descent reaches it, stays (the clip holds it), and stops once a whole
     * window has not improved.
     */
    @Test
    void reachesTheCornerTheClassWeightPointsToAndStopsWithoutImprovement() throws Exception {
        List<Double> costs = new ArrayList<>();
        ConfidenceDescent.Result r = invert(new ConfidenceDescent.Settings(5000, 100, 0, 0.1, 0.5), costs);
        assertArrayEquals(new float[] {1, 0, 1, 0}, r.image(), 1e-6f);
        assertEquals(1 - 1 / (1 + Math.exp(-3)), r.cost(), 1e-5);
        assertEquals(ConfidenceDescent.Stop.NO_IMPROVEMENT, r.stop());
        assertTrue(r.iterations() < 5000, "stopped after " + r.iterations());
        assertEquals(r.iterations() + 1, costs.size());
    }

    /** γ = 0.5: the descent stops at the first iterate whose target probability reaches one half. */
    @Test
    void stopsAtTheFirstIterateBelowTheThreshold() throws Exception {
        List<Double> costs = new ArrayList<>();
        ConfidenceDescent.Result r = invert(new ConfidenceDescent.Settings(5000, 100, 0.5, 0.1, 0.5), costs);
        assertEquals(ConfidenceDescent.Stop.THRESHOLD, r.stop());
        assertTrue(r.cost() <= 0.5);
        assertTrue(costs.get(costs.size() - 2) > 0.5, "the iterate before was still above: " + costs);
        assertEquals(1 - 1 / (1 + Math.exp(0.5)), costs.get(0), 1e-6, "from mid-grey w·x = −0.5");
    }
}
