package org.invwb.core.optim;

/**
 * The eigendecomposition A = B·diag(d)·Bᵀ of a real symmetric matrix by cyclic Jacobi rotations
 * (Golub and Van Loan, §8.5): slow for large n, but exact to rounding and free of dependencies, which
 * is what CMA-ES needs for its covariance at the sizes of a GAN's latent code.
 */
final class SymmetricEigen {

    private static final int MAX_SWEEPS = 100;

    /** Eigenvalues in no particular order. */
    final double[] values;
    /** Column j is the unit eigenvector of {@code values[j]}. */
    final double[][] vectors;

    /** @param a a symmetric n×n matrix; not changed */
    SymmetricEigen(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(m) > 1e-30 * diagonal(m); sweep++) {
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] != 0) {
                        rotate(m, v, p, q);
                    }
                }
            }
        }
        values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = m[i][i];
        }
        vectors = v;
    }

    /** Zeroes m[p][q] by the rotation in the (p, q) plane, accumulated into v. */
    private static void rotate(double[][] m, double[][] v, int p, int q) {
        int n = m.length;
        double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double mkp = m[k][p];
            double mkq = m[k][q];
            m[k][p] = c * mkp - s * mkq;
            m[k][q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) {
            double mpk = m[p][k];
            double mqk = m[q][k];
            m[p][k] = c * mpk - s * mqk;
            m[q][k] = s * mpk + c * mqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    private static double offDiagonal(double[][] m) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (i != j) {
                    sum += m[i][j] * m[i][j];
                }
            }
        }
        return sum;
    }

    private static double diagonal(double[][] m) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            sum += m[i][i] * m[i][i];
        }
        return sum;
    }
}
