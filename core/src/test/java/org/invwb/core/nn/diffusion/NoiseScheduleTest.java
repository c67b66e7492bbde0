package org.invwb.core.nn.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

    /** f(τ) of Nichol and Dhariwal, written out here independently of the class. */
    private static double f(double tau) {
        double c = Math.cos((tau + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    @Test
    void linearIsHoEtAlsSchedule() {
        NoiseSchedule s = NoiseSchedule.of("linear", 1000);
        assertEquals(1e-4, s.betas()[0], 1e-18);
        assertEquals(0.02, s.betas()[999], 1e-18);
        assertEquals(1e-4 + (0.02 - 1e-4) * 500 / 999, s.betas()[500], 1e-15);
        double product = 1;
        for (int t = 0; t < 1000; t++) {
            product *= 1 - s.betas()[t];
            assertEquals(product, s.alphaBar(t), 1e-15);
        }
        // ᾱ_T of the DDPM schedule is about 4e-5: the last timestep is nearly pure noise
        assertEquals(4.04e-5, s.alphaBar(999), 0.05e-5);
        assertEquals(1, s.alphaBar(-1));
    }

    /** The cosine betas telescope: ᾱ_t = f((t+1)/T)/f(0) wherever β is not capped at 0.999. */
    @Test
    void cosineAlphaBarIsTheClosedForm() {
        NoiseSchedule s = NoiseSchedule.of("cosine", 1000);
        assertEquals(f(0.001) / f(0), s.alphaBar(0), 1e-15);
        assertTrue(1 - s.alphaBar(0) < 5e-5, "ᾱ at t = 0 is almost 1: " + s.alphaBar(0));
        for (int t : new int[] {1, 250, 500, 900, 997}) {
            assertEquals(f((t + 1) / 1000.0) / f(0), s.alphaBar(t), 1e-12, "t = " + t);
        }
        // f(1) = 0 would make the last β 1: it is capped, so ᾱ_{T−1} = 0.001·ᾱ_{T−2}
        assertEquals(0.999, s.betas()[999], 1e-15);
        assertEquals(0.001 * f(0.999) / f(0), s.alphaBar(999), 1e-15);
        assertTrue(s.alphaBar(999) < 1e-8);
    }

    @Test
    void unknownScheduleIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.of("sigmoid", 10));
        assertTrue(e.getMessage().contains("linear") && e.getMessage().contains("cosine"), e.getMessage());
    }

    /** Trailing spacing: 10 steps of T = 1000 are timesteps 99, 199, …, 999, and point 0 is the clean image. */
    @Test
    void ddimGridIsTrailingAndItsMoveIsExactOnTheForwardProcess() {
        NoiseSchedule s = NoiseSchedule.of("linear", 1000);
        DdimGrid grid = new DdimGrid(s, 10);
        assertEquals(99, grid.timestep(1));
        assertEquals(499, grid.timestep(5));
        assertEquals(999, grid.timestep(10));
        assertEquals(1, grid.alphaBar(0));
        // with the true noise, the DDIM move maps x_t = √ᾱ·x0 + √(1−ᾱ)·ε to the same x0 and ε at the other point
        double x0 = 0.3;
        double eps = -0.7;
        for (int[] pair : new int[][] {{3, 7}, {7, 3}, {0, 10}, {10, 0}}) {
            double from = Math.sqrt(grid.alphaBar(pair[0])) * x0 + Math.sqrt(1 - grid.alphaBar(pair[0])) * eps;
            double to = Math.sqrt(grid.alphaBar(pair[1])) * x0 + Math.sqrt(1 - grid.alphaBar(pair[1])) * eps;
            double[] ab = grid.move(pair[0], pair[1]);
            assertEquals(to, ab[0] * from + ab[1] * eps, 1e-12, pair[0] + " -> " + pair[1]);
        }
        assertThrows(IllegalArgumentException.class, () -> new DdimGrid(s, 1001));
    }
}
