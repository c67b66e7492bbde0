package org.invwb.core.optim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS with a fixed step, step for step as {@code torch.optim.LBFGS} without line
 * search (its defaults: 20 iterations and 25 evaluations per step, gradient tolerance 1e-7, change
 * tolerance 1e-9, history 100). Gradient-inversion papers (DLG, iDLG) depend on exactly this
 * behaviour, including the cautious first step of size min(1, 1/|g|₁)·lr.
 *
 * <p>The state (curvature pairs, last direction) persists across {@link #step} calls, as in torch.
 */
public final class Lbfgs {

    /** The function to minimise: returns f(x) and writes ∇f(x) into {@code gradient}. */
    @FunctionalInterface
    public interface Objective {
        double evaluate(double[] x, double[] gradient) throws Exception;
    }

    /**
     * @param lossBefore  f at the start of the step (what torch's step returns)
     * @param lossAfter   f at the end of the step
     * @param evaluations objective evaluations spent, including the one at the end
     * @param moved       whether the step changed x at all
     */
    public record Step(double lossBefore, double lossAfter, int evaluations, boolean moved) {
    }

    private double lr;
    private final int maxIter;
    private final int maxEval;
    private final double toleranceGrad;
    private final double toleranceChange;
    private final int historySize;

    private final Deque<double[]> oldDirs = new ArrayDeque<>();
    private final Deque<double[]> oldSteps = new ArrayDeque<>();
    private final Deque<Double> rho = new ArrayDeque<>();
    private double[] direction;
    private double[] prevGrad;
    private double stepSize;
    private double hDiag = 1;
    private int totalIterations;

    /** Cached evaluation at the current point, so consecutive steps do not evaluate twice. */
    private double cachedLoss = Double.NaN;
    private double[] cachedGrad;

    public Lbfgs(double lr, int maxIter, int historySize) {
        this(lr, maxIter, maxIter * 5 / 4, 1e-7, 1e-9, historySize);
    }

    public Lbfgs(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange, int historySize) {
        this.lr = lr;
        this.maxIter = maxIter;
        this.maxEval = maxEval;
        this.toleranceGrad = toleranceGrad;
        this.toleranceChange = toleranceChange;
        this.historySize = historySize;
    }

    public double learningRate() {
        return lr;
    }

    /** Changes the step size from the next step on (a live change); the curvature history is kept. */
    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    /** One optimiser step, updating {@code x} in place. */
    public Step step(double[] x, Objective f) throws Exception {
        int n = x.length;
        double[] grad = new double[n];
        int evals = 0;
        double loss;
        if (cachedGrad != null) {
            loss = cachedLoss;
            System.arraycopy(cachedGrad, 0, grad, 0, n);
        } else {
            loss = f.evaluate(x, grad);
            evals++;
        }
        double lossBefore = loss;
        boolean moved = false;
        boolean evaluatedAtEnd = true;
        if (maxAbs(grad) <= toleranceGrad) {
            cache(loss, grad);
            return new Step(lossBefore, loss, evals, false);
        }
        int iter = 0;
        int currentEvals = 1;
        while (iter < maxIter) {
            iter++;
            totalIterations++;
            if (totalIterations == 1) {
                direction = scaled(grad, -1);
                oldDirs.clear();
                oldSteps.clear();
                rho.clear();
                hDiag = 1;
            } else {
                updateCurvature(grad);
                direction = twoLoopDirection(grad);
            }
            if (prevGrad == null) {
                prevGrad = grad.clone();
            } else {
                System.arraycopy(grad, 0, prevGrad, 0, n);
            }
            double prevLoss = loss;
            stepSize = totalIterations == 1 ? Math.min(1.0, 1.0 / sumAbs(grad)) * lr : lr;
            double gtd = dot(grad, direction);
            if (gtd > -toleranceChange) {
                break;
            }
            for (int i = 0; i < n; i++) {
                x[i] += stepSize * direction[i];
            }
            moved = true;
            boolean optimal = false;
            if (iter != maxIter) {
                loss = f.evaluate(x, grad);
                evals++;
                currentEvals++;
                optimal = maxAbs(grad) <= toleranceGrad;
                evaluatedAtEnd = true;
            } else {
                evaluatedAtEnd = false;
            }
            if (iter == maxIter || currentEvals >= maxEval || optimal) {
                break;
            }
            if (maxAbs(direction) * stepSize <= toleranceChange || Math.abs(loss - prevLoss) < toleranceChange) {
                break;
            }
        }
        if (!evaluatedAtEnd) {
            loss = f.evaluate(x, grad);
            evals++;
        }
        cache(loss, grad);
        return new Step(lossBefore, loss, evals, moved);
    }

    private void cache(double loss, double[] grad) {
        cachedLoss = loss;
        cachedGrad = grad.clone();
    }

    /** Adds the pair (y, s) of the last move when it keeps the Hessian estimate positive definite. */
    private void updateCurvature(double[] grad) {
        int n = grad.length;
        double[] y = new double[n];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = grad[i] - prevGrad[i];
            s[i] = direction[i] * stepSize;
        }
        double ys = dot(y, s);
        if (ys > 1e-10) {
            if (oldDirs.size() == historySize) {
                oldDirs.removeFirst();
                oldSteps.removeFirst();
                rho.removeFirst();
            }
            oldDirs.addLast(y);
            oldSteps.addLast(s);
            rho.addLast(1.0 / ys);
            hDiag = ys / dot(y, y);
        }
    }

    private double[] twoLoopDirection(double[] grad) {
        int m = oldDirs.size();
        double[][] dirs = oldDirs.toArray(new double[0][]);
        double[][] steps = oldSteps.toArray(new double[0][]);
        double[] ro = new double[m];
        Iterator<Double> it = rho.iterator();
        for (int i = 0; i < m; i++) {
            ro[i] = it.next();
        }
        double[] al = new double[m];
        double[] q = scaled(grad, -1);
        for (int i = m - 1; i >= 0; i--) {
            al[i] = dot(steps[i], q) * ro[i];
            axpy(-al[i], dirs[i], q);
        }
        double[] r = scaled(q, hDiag);
        for (int i = 0; i < m; i++) {
            double be = dot(dirs[i], r) * ro[i];
            axpy(al[i] - be, steps[i], r);
        }
        return r;
    }

    private static double[] scaled(double[] v, double a) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = a * v[i];
        }
        return out;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }

    private static double sumAbs(double[] v) {
        double s = 0;
        for (double d : v) {
            s += Math.abs(d);
        }
        return s;
    }
}
