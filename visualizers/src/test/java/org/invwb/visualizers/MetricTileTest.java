package org.invwb.visualizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricTileTest {

    @Test
    void formatsWithUnitAndWithoutLocale() {
        assertEquals("31.20 dB", MetricTile.text(31.2, "%.2f", "dB"));
        assertEquals("1.234e-05", MetricTile.text(1.2341e-5, "%.3e", ""));
    }

    @Test
    void namesValuesThatAreNotNumbers() {
        assertEquals("NaN", MetricTile.text(Double.NaN, "%.2f", null));
        assertEquals("∞ dB", MetricTile.text(Double.POSITIVE_INFINITY, "%.2f", "dB"));
    }
}
