package org.invwb.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    /** [[2,1],[1,2]] has eigenvalues 1 and 3 with eigenvectors (1,−1)/√2 and (1,1)/√2. */
    @Test
    void twoByTwoByHand() {
        SymmetricEigen e = new SymmetricEigen(new double[][] {{2, 1}, {1, 2}});
        double[] sorted = e.values.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new double[] {1, 3}, sorted, 1e-12);
        int three = e.values[0] > e.values[1] ? 0 : 1;
        assertEquals(Math.abs(e.vectors[0][three]), Math.sqrt(0.5), 1e-12);
        assertEquals(e.vectors[0][three], e.vectors[1][three], 1e-12);
    }

    /** B·diag(d)·Bᵀ gives the matrix back, and B is orthogonal. */
    @Test
    void reconstructsAMatrix() {
        int n = 6;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = Math.sin(1 + i * 7 + j * 3);
            }
        }
        SymmetricEigen e = new SymmetricEigen(a);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double back = 0;
                double gram = 0;
                for (int k = 0; k < n; k++) {
                    back += e.vectors[i][k] * e.values[k] * e.vectors[j][k];
                    gram += e.vectors[k][i] * e.vectors[k][j];
                }
                assertEquals(a[i][j], back, 1e-12);
                assertEquals(i == j ? 1 : 0, gram, 1e-12);
            }
        }
    }
}
