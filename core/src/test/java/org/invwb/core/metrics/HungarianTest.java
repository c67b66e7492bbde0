package org.invwb.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HungarianTest {

    @Test
    void matchesBruteForceOnRandomMatrices() {
        Random rng = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            int rows = 1 + rng.nextInt(6);
            int cols = rows + rng.nextInt(3);
            double[][] cost = new double[rows][cols];
            for (double[] row : cost) {
                for (int j = 0; j < cols; j++) {
                    // Small integers too, so that ties occur.
                    row[j] = trial % 2 == 0 ? rng.nextDouble() * 10 - 3 : rng.nextInt(4);
                }
            }
            int[] assignment = Hungarian.minCostAssignment(cost);
            assertEquals(rows, assignment.length);
            Set<Integer> usedCols = new HashSet<>();
            for (int col : assignment) {
                assertEquals(true, usedCols.add(col), "column used twice");
            }
            assertEquals(bruteForce(cost), total(cost, assignment), 1e-9, "trial " + trial);
        }
    }

    @Test
    void knownSquareCase() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        assertArrayEquals(new int[] {1, 0, 2}, Hungarian.minCostAssignment(cost));
    }

    @Test
    void emptyAndInvalidInputs() {
        assertArrayEquals(new int[0], Hungarian.minCostAssignment(new double[0][0]));
        assertThrows(IllegalArgumentException.class, () -> Hungarian.minCostAssignment(new double[3][2]));
        assertThrows(IllegalArgumentException.class,
                () -> Hungarian.minCostAssignment(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class,
                () -> Hungarian.minCostAssignment(new double[][] {{1, Double.NaN}}));
    }

    private static double total(double[][] cost, int[] assignment) {
        double sum = 0;
        for (int i = 0; i < assignment.length; i++) {
            sum += cost[i][assignment[i]];
        }
        return sum;
    }

    /** Minimum over every injective row-to-column map. */
    private static double bruteForce(double[][] cost) {
        return search(cost, 0, new boolean[cost[0].length]);
    }

    private static double search(double[][] cost, int row, boolean[] used) {
        if (row == cost.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, cost[row][j] + search(cost, row + 1, used));
                used[j] = false;
            }
        }
        return best;
    }
}
