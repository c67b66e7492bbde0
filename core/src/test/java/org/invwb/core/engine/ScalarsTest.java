package org.invwb.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Constants in a differentiated graph survive garbage collection between the forward and the backward pass. */
class ScalarsTest {

    @Test
    void gradientsThroughConstantsStayExactUnderGarbageCollection() throws Exception {
        float[][] grads = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(new float[] {1, 2, 3});
                x.setRequiresGradient(true);
                NDArray y = Scalars.dividedBy(Scalars.times(x, 3).square(), 4).sum();
                // churn direct memory so that a freed constant would be overwritten
                for (int round = 0; round < 5; round++) {
                    System.gc();
                    List<ByteBuffer> junk = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        ByteBuffer b = ByteBuffer.allocateDirect(64);
                        while (b.hasRemaining()) {
                            b.put((byte) 0x7f);
                        }
                        junk.add(b);
                    }
                }
                return new float[][] {Autograd.grad(y, x).toFloatArray()};
            }
        });
        // d/dx Σ (3x)²/4 = 9x/2
        assertArrayEquals(new float[] {4.5f, 9f, 13.5f}, grads[0], 1e-5f);
    }
}
