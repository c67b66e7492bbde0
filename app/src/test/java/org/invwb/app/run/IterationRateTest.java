package org.invwb.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IterationRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void unknownUntilTwoSamples() {
        IterationRate rate = new IterationRate(3 * SECOND);
        assertTrue(Double.isNaN(rate.perSecond()));
        rate.add(0, 1);
        assertTrue(Double.isNaN(rate.perSecond()));
        rate.add(SECOND / 2, 6);
        assertEquals(10.0, rate.perSecond(), 1e-9);
    }

    @Test
    void followsTheRecentPaceNotTheAverage() {
        IterationRate rate = new IterationRate(3 * SECOND);
        int iteration = 0;
        for (long t = 0; t <= 10 * SECOND; t += SECOND / 100) { // 100 it/s for ten seconds
            rate.add(t, iteration++);
        }
        for (long t = 10 * SECOND + SECOND; t <= 20 * SECOND; t += SECOND) { // then 1 it/s
            rate.add(t, iteration++);
        }
        assertEquals(1.0, rate.perSecond(), 1e-9);
    }
}
