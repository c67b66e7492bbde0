package org.invwb.visualizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CurveTableTest {

    @Test
    void csvHasOneColumnPerCurveAndOneLinePerIteration() {
        CurveTable t = new CurveTable();
        t.add("gradientDistance", 1, 0.5);
        t.add("psnr", 1, 12.25);
        t.add("gradientDistance", 2, 1e-4);
        t.add("psnr", 3, 13.0);
        assertEquals(List.of("gradientDistance", "psnr"), t.names());
        assertEquals("iteration,gradientDistance,psnr\n"
                + "1,0.5,12.25\n"
                + "2,1.0E-4,\n"
                + "3,,13.0\n", t.toCsv());
    }

    @Test
    void nonFiniteValuesAreKept() {
        CurveTable t = new CurveTable();
        t.add("loss", 1, Double.NaN);
        t.add("loss", 2, Double.POSITIVE_INFINITY);
        assertEquals("iteration,loss\n1,NaN\n2,Infinity\n", t.toCsv());
        assertEquals(2, t.size());
    }

    @Test
    void namesWithCommasAreQuoted() {
        CurveTable t = new CurveTable();
        t.add("a,b", 0, 1);
        assertEquals("iteration,\"a,b\"\n0,1.0\n", t.toCsv());
    }

    @Test
    void iterationsAreSortedWhateverTheOrderOfArrival() {
        CurveTable t = new CurveTable();
        t.add("x", 5, 1);
        t.add("x", 2, 2);
        assertEquals("iteration,x\n2,2.0\n5,1.0\n", t.toCsv());
    }
}
