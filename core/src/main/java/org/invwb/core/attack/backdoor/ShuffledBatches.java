package org.invwb.core.attack.backdoor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An endless stream of mini-batches over n images, as Keras's shuffling batch generator gives them:
 * each pass visits every image once in a fresh random order, in batches of the given size, the last
 * one of a pass holding what is left.
 */
final class ShuffledBatches {

    private final int[] order;
    private final int batchSize;
    private final SplittableRandom random;
    private int next;

    ShuffledBatches(int n, int batchSize, SplittableRandom random) {
        this.order = new int[n];
        this.batchSize = batchSize;
        this.random = random;
        this.next = n;
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
    }

    /** The indices of the next mini-batch. */
    int[] next() {
        if (next == order.length) {
            shuffle();
            next = 0;
        }
        int from = next;
        next = Math.min(order.length, next + batchSize);
        return Arrays.copyOfRange(order, from, next);
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
