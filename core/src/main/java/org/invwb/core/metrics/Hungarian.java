package org.invwb.core.metrics;

import java.util.Arrays;

/**
 * Minimum-cost assignment (Kuhn-Munkres, the O(n^2 m) shortest-augmenting-path form with row and
 * column potentials). Reconstructed batches come back in arbitrary order, so scores are taken over
 * the best pairing rather than by index.
 */
public final class Hungarian {

    private Hungarian() {
    }

    /**
     * Assigns every row a distinct column so that the summed cost is minimal.
     *
     * @param cost rows x cols matrix of finite costs, rows &lt;= cols
     * @return for each row, the index of its column
     */
    public static int[] minCostAssignment(double[][] cost) {
        int n = cost.length;
        if (n == 0) {
            return new int[0];
        }
        int m = cost[0].length;
        validate(cost, m);

        // 1-based arrays; column 0 is the virtual start of each augmenting path.
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] rowOfCol = new int[m + 1];
        int[] way = new int[m + 1];
        for (int row = 1; row <= n; row++) {
            rowOfCol[0] = row;
            int col0 = 0;
            double[] minSlack = new double[m + 1];
            boolean[] used = new boolean[m + 1];
            Arrays.fill(minSlack, Double.POSITIVE_INFINITY);
            do {
                used[col0] = true;
                int row0 = rowOfCol[col0];
                double delta = Double.POSITIVE_INFINITY;
                int col1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double slack = cost[row0 - 1][j - 1] - u[row0] - v[j];
                        if (slack < minSlack[j]) {
                            minSlack[j] = slack;
                            way[j] = col0;
                        }
                        if (minSlack[j] < delta) {
                            delta = minSlack[j];
                            col1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[rowOfCol[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minSlack[j] -= delta;
                    }
                }
                col0 = col1;
            } while (rowOfCol[col0] != 0);
            // Flip the augmenting path back to its start.
            do {
                int col1 = way[col0];
                rowOfCol[col0] = rowOfCol[col1];
                col0 = col1;
            } while (col0 != 0);
        }

        int[] assignment = new int[n];
        for (int j = 1; j <= m; j++) {
            if (rowOfCol[j] != 0) {
                assignment[rowOfCol[j] - 1] = j - 1;
            }
        }
        return assignment;
    }

    private static void validate(double[][] cost, int m) {
        if (cost.length > m) {
            throw new IllegalArgumentException("cost matrix has " + cost.length + " rows but only " + m
                    + " columns; every row needs its own column");
        }
        for (int i = 0; i < cost.length; i++) {
            if (cost[i].length != m) {
                throw new IllegalArgumentException("cost matrix is ragged: row 0 has " + m + " columns, row "
                        + i + " has " + cost[i].length);
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(cost[i][j])) {
                    throw new IllegalArgumentException("cost[" + i + "][" + j + "] is " + cost[i][j]
                            + "; costs must be finite");
                }
            }
        }
    }
}
