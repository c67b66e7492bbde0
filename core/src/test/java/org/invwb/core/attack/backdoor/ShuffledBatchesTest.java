package org.invwb.core.attack.backdoor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShuffledBatchesTest {

    /** 10 images in batches of 4: every pass is 4 + 4 + 2 and visits each image once, in a new order. */
    @Test
    void everyPassVisitsEachImageOnceInBatchesWithTheRestLast() {
        ShuffledBatches stream = new ShuffledBatches(10, 4, new SplittableRandom(3));
        int[][] passes = new int[3][];
        for (int pass = 0; pass < passes.length; pass++) {
            int[] a = stream.next();
            int[] b = stream.next();
            int[] c = stream.next();
            assertEquals(4, a.length);
            assertEquals(4, b.length);
            assertEquals(2, c.length);
            passes[pass] = IntStream.concat(IntStream.concat(Arrays.stream(a), Arrays.stream(b)), Arrays.stream(c))
                    .toArray();
            assertArrayEquals(IntStream.range(0, 10).toArray(), IntStream.of(passes[pass]).sorted().toArray());
        }
        assertFalse(Arrays.equals(passes[0], passes[1]) && Arrays.equals(passes[1], passes[2]),
                "the order is drawn anew at every pass");
    }
}
