package org.invwb.visualizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UpdateHeatMapTest {

    @Test
    void binsAreConsecutiveAndDifferInSizeByAtMostOne() {
        // 7 entries in 3 bins: [0,2) [2,4) [4,7) → |1|,|−3| · |2|,|4| · |−6|,|0|,|3|
        float[] v = {1, -3, 2, 4, -6, 0, 3};
        assertArrayEquals(new double[] {2, 3, 3}, UpdateHeatMap.meanAbs(v, 3), 1e-12);
    }

    @Test
    void aTensorSmallerThanTheBinsGetsOneCellPerEntry() {
        assertArrayEquals(new double[] {0.5, 2}, UpdateHeatMap.meanAbs(new float[] {-0.5f, 2}, 64), 1e-12);
        assertEquals(0, UpdateHeatMap.meanAbs(new float[0], 8).length);
    }

    @Test
    void theColourScaleIsLogarithmicOverFourDecadesBelowTheMaximum() {
        assertEquals(1, UpdateHeatMap.scalePosition(5, 5), 1e-12);
        assertEquals(0.75, UpdateHeatMap.scalePosition(0.5, 5), 1e-12);
        assertEquals(0.25, UpdateHeatMap.scalePosition(5e-3, 5), 1e-12);
        assertEquals(0, UpdateHeatMap.scalePosition(1e-9, 5), 1e-12);
        assertEquals(0, UpdateHeatMap.scalePosition(0, 5), 1e-12);
    }
}
