package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;

class PrunedMatchingTest {

    /**
     * The client kept the 3 largest of 8 entries over two layers. The update that was pruned matches
     * exactly once pruned alike, while unpruned it lies the pruned entries' squares away (1 + 4 + 0.25 + 0.01 + 0.04).
     */
    @Test
    void theUpdateBehindAPrunedObservationMatchesExactly() throws Exception {
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                List<NDArray> update = List.of(m.create(new float[] {1, -5, 0.5f, 7}), m.create(new float[] {-2, 6, 0.1f, -0.2f}));
                List<NDArray> observed = List.of(m.create(new float[] {0, -5, 0, 7}), m.create(new float[] {0, 6, 0, 0}));
                GradientDistance plain = GradientDistance.squaredL2(observed);
                GradientDistance pruned = PrunedMatching.of(plain, observed);
                assertEquals(5.3, plain.between(update).getFloat(), 1e-5);
                assertEquals(0, pruned.between(update).getFloat(), 1e-6);
                // another update is pruned by its own magnitudes: 9, 4 and 3 stay, and the 4 sits where 0 was observed
                List<NDArray> other = List.of(m.create(new float[] {0, -3, 0, 9}), m.create(new float[] {4, 1, 0, 0}));
                assertEquals(4 + 4 + 16 + 36, pruned.between(other).getFloat(), 1e-5);
                assertTrue(PrunedMatching.of(plain, update) == plain, "nothing pruned, nothing changed");
                return null;
            }
        });
    }
}
