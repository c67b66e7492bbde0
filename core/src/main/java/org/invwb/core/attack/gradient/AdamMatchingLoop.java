package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.invwb.core.data.FloatImage;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.fl.Defense;
import org.invwb.core.fl.Sampling;
import org.invwb.core.metrics.BatchScore;
import org.invwb.core.metrics.BatchScorer;
import org.invwb.core.optim.Adam;
import org.invwb.core.run.CancelledException;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.Snapshot;

/**
 * The optimisation loop of the Adam-based gradient-matching attacks: each iteration binds the
 * variables as fresh leaves, evaluates the attack's objective, takes its gradient, optionally keeps
 * only the sign of the image gradient, steps Adam at the scheduled step size, optionally adds
 * Langevin noise to the images, and clamps every variable to [0, 1]. The iterate with the lowest
 * objective is the result. Each iteration works inside its own scope, so memory stays flat.
 *
 * <p>Variables come images first (tensors of shape (N, C, H, W)), then any others (such as
 * dropout masks), all plain arrays owned by the caller's manager and updated in place.
 */
final class AdamMatchingLoop {

    /** The objective at the current variables, bound as {@code leaves}; named terms go into {@code terms}. */
    interface Objective {
        NDArray loss(List<NDArray> leaves, Map<String, NDArray> terms);
    }

    /** The step size as a factor of the initial one, from the iteration (0-based) and the last objective value. */
    interface Schedule {
        double factor(int iteration, double loss);
    }

    /**
     * @param imageVariables how many of the leading variables are image tensors
     * @param langevinNoise  standard deviation of the noise added to the images after each step, times the step size
     */
    record Settings(int iterations, double lr, Schedule schedule, boolean signedImages, int imageVariables,
                    double langevinNoise, long seed) {
    }

    /** The best iterate: its images as the attack presents them, its objective value and when it was reached. */
    record Best(List<FloatImage> images, double loss, int iteration, int done) {
    }

    private AdamMatchingLoop() {
    }

    /**
     * Runs the loop. {@code present} turns the variables into the images the attack reports (for example
     * the mean over several seeds); {@code outcome} builds what a cancelled or failed run returns.
     */
    static Best run(RunContext ctx, NDManager root, List<NDArray> variables, Objective objective, Settings s,
                    Function<List<NDArray>, List<FloatImage>> present, List<FloatImage> truth,
                    Function<Best, RunOutcome> outcome) throws Exception {
        SplittableRandom noise = new SplittableRandom(s.seed());
        StagingBuffer staging = new StagingBuffer();
        Best best = new Best(present.apply(variables), Double.POSITIVE_INFINITY, 0, 0);
        double last = Double.NaN;
        try (Adam adam = Adam.withDefaults(root, s.lr())) {
            for (int i = 0; i < s.iterations(); i++) {
                try {
                    ctx.control().checkpoint();
                } catch (CancelledException e) {
                    throw new CancelledException(outcome.apply(withDone(best, i)));
                }
                adam.setLearningRate(s.lr() * s.schedule().factor(i, last));
                Map<String, Double> scalars = new LinkedHashMap<>();
                try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    List<NDArray> leaves = variables.stream().map(Autograd::leaf).toList();
                    Map<String, NDArray> terms = new LinkedHashMap<>();
                    NDArray loss = objective.loss(leaves, terms);
                    last = loss.getFloat();
                    if (!Double.isFinite(last)) {
                        String reason = "the objective became " + last + " at iteration " + (i + 1)
                                + "; try a smaller lr or another seed";
                        throw new RunFailure(reason, outcome.apply(withDone(best, i)));
                    }
                    if (last < best.loss()) {
                        best = new Best(present.apply(variables), last, i, i);
                    }
                    scalars.put("objective", last);
                    terms.forEach((name, t) -> scalars.put(name, (double) t.getFloat()));
                    List<NDArray> grads = new ArrayList<>(Autograd.grad(loss, leaves, false));
                    for (int v = 0; v < s.imageVariables() && s.signedImages(); v++) {
                        grads.set(v, grads.get(v).sign());
                    }
                    adam.step(variables, grads);
                    for (int v = 0; v < variables.size(); v++) {
                        NDArray x = variables.get(v);
                        if (v < s.imageVariables() && s.langevinNoise() > 0) {
                            x.addi(gaussianNoise(staging, m, x.getShape(), noise).muli((float) (s.langevinNoise() * adam.learningRate())));
                        }
                        // in place, so that the optimiser's state stays bound to the same arrays
                        NDArray clamped = x.clip(0, 1);
                        x.muli(0).addi(clamped);
                    }
                }
                List<FloatImage> now = present.apply(variables);
                BatchScore score = BatchScorer.score(truth, now);
                scalars.put("psnr", score.psnr());
                scalars.put("ssim", score.ssim());
                scalars.put("lr", adam.learningRate());
                ctx.events().accept(new Progress(i + 1, scalars));
                if (ctx.wantsSnapshot(i + 1)) {
                    ctx.events().accept(new Snapshot(i + 1, LbfgsGradientAttack.matched(now, score)));
                }
            }
        }
        return withDone(best, s.iterations());
    }

    private static Best withDone(Best best, int done) {
        return new Best(best.images(), best.loss(), best.iteration(), done);
    }

    private static NDArray gaussianNoise(StagingBuffer staging, NDManager m, Shape shape, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Sampling.gaussian(random);
        }
        return staging.upload(m, values, shape);
    }

    /** Cosine decay from the full step size to zero over the run, after a linear warm-up. */
    static Schedule cosineWithWarmUp(int iterations, int warmUp) {
        return (i, loss) -> i < warmUp ? (i + 1.0) / warmUp
                : 0.5 * (1 + Math.cos(Math.PI * (i - warmUp) / Math.max(1, iterations - warmUp)));
    }

    /**
     * PyTorch's {@code ReduceLROnPlateau} (mode min, threshold 0): the step size is multiplied by
     * {@code factor} once the objective has not improved for more than {@code patience} iterations.
     */
    static Schedule plateau(double factor, int patience) {
        return new Schedule() {
            private double best = Double.POSITIVE_INFINITY;
            private int bad;
            private double scale = 1;

            @Override
            public double factor(int iteration, double loss) {
                if (Double.isNaN(loss)) {
                    return scale;
                }
                if (loss < best) {
                    best = loss;
                    bad = 0;
                } else if (++bad > patience) {
                    scale *= factor;
                    bad = 0;
                }
                return scale;
            }
        };
    }

    /**
     * The attack's own random stream: {@link org.invwb.core.fl.ClientScenario} draws the weight, label and
     * defense seeds first, and the attack's stream is split off after them, so it shares nothing with
     * the client's (for example the client's dropout masks).
     */
    static SplittableRandom attackRandom(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        random.nextLong();
        random.nextLong();
        random.nextLong();
        return random.split();
    }

    /** A standard normal tensor from {@code random}, owned by {@code m}, as the reference codes start their images. */
    static NDArray standardNormal(NDManager m, Shape shape, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Sampling.gaussian(random);
        }
        return m.create(values, shape);
    }

    /** The run's outcome from the best iterate: scores against the truth, labels, the defense and its report. */
    static RunOutcome outcome(Best best, List<FloatImage> truth, int[] trueLabels, int[] labels, Defense defense,
                              String note) {
        BatchScore score = BatchScorer.score(truth, best.images());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mse", score.mse());
        m.put("psnr", score.psnr());
        m.put("ssim", score.ssim());
        m.put("labelAccuracy", BatchScorer.labelAccuracy(trueLabels, labels));
        m.put("objective", best.loss());
        m.put("bestIteration", best.iteration() + 1);
        List<Map<String, Object>> perImage = new ArrayList<>();
        for (int i = 0; i < score.perImage().size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("reconstruction", score.pairing()[i]);
            row.put("mse", score.perImage().get(i).mse());
            row.put("psnr", score.perImage().get(i).psnr());
            row.put("ssim", score.perImage().get(i).ssim());
            perImage.add(row);
        }
        m.put("perImage", perImage);
        m.put("trueLabels", trueLabels);
        m.put("recoveredLabels", labels);
        m.put("defense", defense.name());
        m.putAll(defense.report());
        return new RunOutcome(best.done(), m, truth, LbfgsGradientAttack.matched(best.images(), score), false, note);
    }

    /** Images of {@code x} (N, C, H, W) as plain floats in [0, 1]. */
    static List<FloatImage> images(NDArray x) {
        Shape s = x.getShape();
        int n = (int) s.get(0);
        int c = (int) s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        float[] all = x.toFloatArray();
        List<FloatImage> out = new ArrayList<>(n);
        int size = c * h * w;
        for (int b = 0; b < n; b++) {
            float[] px = new float[size];
            System.arraycopy(all, b * size, px, 0, size);
            out.add(new FloatImage(c, h, w, px).clamped());
        }
        return out;
    }
}
