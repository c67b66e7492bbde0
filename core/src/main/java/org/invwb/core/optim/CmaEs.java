package org.invwb.core.optim;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

/**
 * The (μ/μ_w, λ)-CMA-ES with cumulative step-size adaptation, rank-one and rank-μ covariance updates
 * and Hansen's default parameters (N. Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv
 * 1604.00772, Table 1, positive recombination weights): a derivative-free minimiser, driven by
 * {@link #ask()} and {@link #tell}. Everything lives on the host in doubles; the eigendecomposition
 * of C is refreshed lazily, as the tutorial's reference code does, every λ/((c₁+c_μ)·n·10) generations.
 */
public final class CmaEs {

    private final int n;
    private final int lambda;
    private final int mu;
    private final double[] weights;
    private final double muEff;
    private final double cSigma;
    private final double dSigma;
    private final double cc;
    private final double c1;
    private final double cMu;
    private final double chiN;
    private final Random random;

    private final double[] mean;
    private double sigma;
    private final double[] pSigma;
    private final double[] pc;
    private final double[][] c;
    private double[][] b;
    private double[] d;
    private int generation;
    private int eigenGeneration;
    private int evaluations;
    private double[][] asked;
    private double[][] steps;
    private double[] best;
    private double bestValue = Double.POSITIVE_INFINITY;

    /**
     * @param start  the initial mean
     * @param sigma  the initial step size σ₀
     * @param lambda offspring per generation; 0 for Hansen's default 4 + ⌊3 ln n⌋
     * @param seed   seeds the Gaussian samples
     */
    public CmaEs(double[] start, double sigma, int lambda, long seed) {
        if (start.length < 1 || !(sigma > 0) || lambda < 0 || lambda == 1) {
            throw new IllegalArgumentException("CMA-ES needs a non-empty start, σ₀ > 0 and λ = 0 (default) or ≥ 2");
        }
        this.n = start.length;
        this.lambda = lambda == 0 ? defaultPopulation(n) : lambda;
        this.mu = this.lambda / 2;
        this.weights = new double[mu];
        double sum = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] = Math.log((this.lambda + 1) / 2.0) - Math.log(i + 1);
            sum += weights[i];
        }
        double squares = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] /= sum;
            squares += weights[i] * weights[i];
        }
        this.muEff = 1 / squares;
        this.cSigma = (muEff + 2) / (n + muEff + 5);
        this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
        this.cc = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
        this.c1 = 2 / ((n + 1.3) * (n + 1.3) + muEff);
        this.cMu = Math.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((n + 2) * (n + 2) + muEff));
        this.chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        this.random = new Random(seed);
        this.mean = start.clone();
        this.sigma = sigma;
        this.pSigma = new double[n];
        this.pc = new double[n];
        this.c = identity(n);
        this.b = identity(n);
        this.d = new double[n];
        Arrays.fill(d, 1);
    }

    /** Hansen's default population for dimension n: 4 + ⌊3 ln n⌋. */
    public static int defaultPopulation(int n) {
        return 4 + (int) Math.floor(3 * Math.log(n));
    }

    /** The λ points of this generation, x_k = m + σ·B·D·z_k with z_k ~ N(0, I). */
    public double[][] ask() {
        asked = new double[lambda][n];
        steps = new double[lambda][n];
        for (int k = 0; k < lambda; k++) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = d[i] * random.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                double y = 0;
                for (int j = 0; j < n; j++) {
                    y += b[i][j] * z[j];
                }
                steps[k][i] = y;
                asked[k][i] = mean[i] + sigma * y;
            }
        }
        return asked;
    }

    /**
     * Updates mean, evolution paths, covariance and step size from the objective values of the points
     * {@link #ask()} returned, in the same order.
     */
    public void tell(double[] values) {
        if (asked == null || values.length != lambda) {
            throw new IllegalStateException("tell needs the " + lambda + " values of the points ask returned");
        }
        evaluations += lambda;
        Integer[] order = new Integer[lambda];
        for (int k = 0; k < lambda; k++) {
            order[k] = k;
            if (values[k] < bestValue) {
                bestValue = values[k];
                best = asked[k].clone();
            }
        }
        Arrays.sort(order, Comparator.comparingDouble(k -> values[k]));
        double[] yw = new double[n];
        for (int r = 0; r < mu; r++) {
            double[] y = steps[order[r]];
            for (int i = 0; i < n; i++) {
                yw[i] += weights[r] * y[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] += sigma * yw[i];
        }
        // C^(-1/2)·y_w = B·D⁻¹·Bᵀ·y_w
        double[] bty = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += b[i][j] * yw[i];
            }
            bty[j] = s / d[j];
        }
        double sigmaGain = Math.sqrt(cSigma * (2 - cSigma) * muEff);
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += b[i][j] * bty[j];
            }
            pSigma[i] = (1 - cSigma) * pSigma[i] + sigmaGain * s;
            norm += pSigma[i] * pSigma[i];
        }
        norm = Math.sqrt(norm);
        generation++;
        boolean hSigma = norm / Math.sqrt(1 - Math.pow(1 - cSigma, 2.0 * generation)) < (1.4 + 2.0 / (n + 1)) * chiN;
        double cGain = Math.sqrt(cc * (2 - cc) * muEff);
        for (int i = 0; i < n; i++) {
            pc[i] = (1 - cc) * pc[i] + (hSigma ? cGain * yw[i] : 0);
        }
        double lost = hSigma ? 0 : c1 * cc * (2 - cc);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double rankMu = 0;
                for (int r = 0; r < mu; r++) {
                    double[] y = steps[order[r]];
                    rankMu += weights[r] * y[i] * y[j];
                }
                double v = (1 - c1 - cMu + lost) * c[i][j] + c1 * pc[i] * pc[j] + cMu * rankMu;
                c[i][j] = v;
                c[j][i] = v;
            }
        }
        sigma *= Math.exp(cSigma / dSigma * (norm / chiN - 1));
        asked = null;
        if (generation - eigenGeneration > lambda / ((c1 + cMu) * n * 10)) {
            decompose();
        }
    }

    private void decompose() {
        eigenGeneration = generation;
        SymmetricEigen e = new SymmetricEigen(c);
        b = e.vectors;
        d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.sqrt(Math.max(e.values[i], 1e-300));
        }
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    /** The distribution's mean, the point CMA-ES recommends when the objective is noisy. */
    public double[] mean() {
        return mean.clone();
    }

    public double sigma() {
        return sigma;
    }

    public int population() {
        return lambda;
    }

    /** Objective values told so far. */
    public int evaluations() {
        return evaluations;
    }

    /** The lowest-valued point told so far, or null before the first {@link #tell}. */
    public double[] best() {
        return best == null ? null : best.clone();
    }

    public double bestValue() {
        return bestValue;
    }

    /** The square root of C's largest over smallest eigenvalue at the last decomposition. */
    public double axisRatio() {
        double max = Arrays.stream(d).max().orElse(1);
        double min = Arrays.stream(d).min().orElse(1);
        return max / min;
    }
}
