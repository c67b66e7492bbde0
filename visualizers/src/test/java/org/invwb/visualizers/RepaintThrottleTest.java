package org.invwb.visualizers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RepaintThrottleTest {

    private static final long MS = 1_000_000L;

    @Test
    void drawsOnlyWhenSomethingChanged() {
        RepaintThrottle t = new RepaintThrottle(50 * MS);
        assertFalse(t.shouldDraw(0));
        t.markDirty();
        assertTrue(t.shouldDraw(0), "the first change is drawn at once");
        assertFalse(t.shouldDraw(500 * MS), "nothing new");
    }

    @Test
    void drawsAtMostOncePerInterval() {
        RepaintThrottle t = new RepaintThrottle(50 * MS);
        t.markDirty();
        assertTrue(t.shouldDraw(1000 * MS));
        int draws = 0;
        // A change every millisecond for one second, polled every millisecond (a fast run at 1000 it/s).
        for (long ms = 1001; ms <= 2000; ms++) {
            t.markDirty();
            if (t.shouldDraw(ms * MS)) {
                draws++;
            }
        }
        assertTrue(draws <= 20, "at most 20 repaints a second, got " + draws);
        assertTrue(draws >= 19, "but it keeps up, got " + draws);
    }
}
