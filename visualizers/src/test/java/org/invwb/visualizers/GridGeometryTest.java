package org.invwb.visualizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GridGeometryTest {

    @Test
    void smallImagesAreMagnifiedByAWholeFactor() {
        // Two rows of one 32x32 image in 300x300 with 20 px per row for title and caption, gap 6:
        // height per cell (300 - 40 - 6) / 2 = 127 -> 3.97 -> 3.
        GridGeometry g = GridGeometry.fit(300, 300, 1, 2, 32, 32, 20, 6);
        assertEquals(3.0, g.scale());
        assertEquals(96.0, g.cellW());
        assertEquals((300 - 96) / 2.0, g.left(), "the grid is centred");
    }

    @Test
    void largeImagesAreShrunkToFit() {
        GridGeometry g = GridGeometry.fit(200, 1000, 2, 1, 256, 256, 0, 0);
        assertEquals(100.0 / 256, g.scale(), 1e-12);
        assertTrue(g.cellW() <= 100);
    }

    @Test
    void theWidestRowDecidesTheColumns() {
        GridGeometry g = GridGeometry.fit(400, 1000, 4, 2, 28, 28, 0, 0);
        assertEquals(3.0, g.scale(), "100 px per column / 28 = 3.57 -> 3");
    }

    @Test
    void noRoomStillGivesAPositiveScale() {
        GridGeometry g = GridGeometry.fit(0, 0, 3, 3, 32, 32, 30, 6);
        assertTrue(g.scale() > 0);
    }
}
