package org.invwb.core.attack.backdoor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.engine.Scalars;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.nn.Losses;
import org.invwb.core.nn.Network;
import org.invwb.core.optim.Adam;
import org.invwb.core.run.CancelledException;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.PlannedIterations;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.Snapshot;

/**
 * Neural Cleanse (Wang, Yao, Shan, Li, Viswanath, Zheng and Zhao, IEEE S&amp;P 2019), after the
 * authors' code (github.com/bolunwang/backdoor, {@code visualizer.py}): for every class, the smallest
 * trigger that sends clean images there is sought as a mask m (one value per pixel, shared by the
 * channels) and a pattern p, both through tanh so they stay in [0, 1]. The stamped image
 * (1 − m)·x + m·p is pushed to the class by the cross-entropy plus cost·|m|₁, minimised with Adam
 * (lr 0.1, betas 0.5 and 0.9), one Adam step per mini-batch; a step is {@code miniBatches} of them,
 * drawn from a stream that reshuffles the clean images at each pass, as the reference draws them from
 * a Keras generator over the whole test set. The cost starts at 0, is set to its initial value once
 * the attack succeeds for {@code patience} steps in a row, then rises ×1.5 after {@code patience}
 * successful steps and falls ÷1.5^1.5 after {@code patience} failing ones. The smallest successful
 * mask is kept and its own L1 norm is what the outlier test compares.
 * A class whose mask L1 norm lies below the median with an anomaly index (distance to the median over
 * 1.4826 × the median absolute deviation) above 2 is flagged as a backdoor target.
 */
final class NeuralCleanse implements InversionMethod {

    static final String NAME = "neural-cleanse";
    /** The tanh squashing's ε (Keras's K.epsilon()), which keeps arctanh of the initial values finite. */
    private static final double TANH_EPSILON = 1e-7;
    /** Makes the median absolute deviation a consistent estimator of a normal distribution's σ. */
    static final double CONSISTENCY = 1.4826;

    static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("source", "bundled:mnist-test", "clean labelled images the defender holds: bundled:NAME,"
                    + " a folder with one sub-folder per class, an IDX folder or a CIFAR .bin file"),
            ParamDecl.integer("count", 0, 0, 100_000_000, "clean images the mini-batches are drawn from, the first of"
                    + " the source; 0 for all").paper("0 (the whole test set feeds the batch generator)"));

    static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.integer("steps", 1000, 1, 1_000_000, "optimisation steps per class; the cost schedule, the"
                    + " early stop and the success rate count steps").paper("1000").group("optimisation"),
            ParamDecl.integer("miniBatches", 31, 1, 1_000_000, "Adam steps per step, each on the next mini-batch of a"
                    + " stream that reshuffles the clean images at every pass")
                    .paper("31 (NB_SAMPLE / BATCH_SIZE = 1000 / 32)").group("optimisation"),
            ParamDecl.integer("batchSize", 32, 1, 65_536, "images per Adam step").paper("32").group("optimisation"),
            ParamDecl.real("lr", 0.1, 0, 1e3, "Adam's learning rate on the tanh-space mask and pattern")
                    .paper("0.1").group("optimisation"),
            ParamDecl.real("beta1", 0.5, 0, 0.9999, "Adam's β1").paper("0.5").group("optimisation"),
            ParamDecl.real("beta2", 0.9, 0, 0.9999, "Adam's β2").paper("0.9").group("optimisation"),
            ParamDecl.real("initCost", 1e-3, 0, 1e6, "weight of |m|₁ once the attack first succeeds")
                    .paper("1e-3").group("cost"),
            ParamDecl.integer("patience", 10, 1, 1_000_000, "steps of success (or failure) in a row before the cost"
                    + " changes").paper("10 (Visualizer default; the GTSRB example uses 5)").group("cost"),
            ParamDecl.real("costMultiplier", 1.5, 1, 100, "the cost rises by this factor and falls by its 1.5th"
                    + " power").paper("1.5 (Visualizer default; the GTSRB example uses 2)").group("cost"),
            ParamDecl.real("successThreshold", 0.99, 0, 1, "attack success rate over a step that counts as success")
                    .paper("0.99").group("cost"),
            ParamDecl.bool("earlyStop", true, "stop a class once the cost went both up and down and the best mask"
                    + " norm stopped improving").paper("true").group("early stop"),
            ParamDecl.real("earlyStopThreshold", 0.99, 0, 1, "a best norm above this fraction of the previous best"
                    + " counts as no improvement").paper("0.99 (Visualizer default; GTSRB example 1.0)")
                    .group("early stop"),
            ParamDecl.integer("earlyStopPatience", 20, 1, 1_000_000, "steps without improvement before stopping")
                    .paper("2 × patience (Visualizer default)").group("early stop"),
            ParamDecl.real("anomalyThreshold", 2, 0, 1e6, "classes below the median norm with a larger anomaly index"
                    + " are flagged").paper("2"),
            PixelRange.PARAMETER);

    /** One search per class of the model, each at most its steps (the early stop may end it sooner). */
    static final PlannedIterations PLAN = spec -> PlannedIterations.capped(
            (long) spec.section("model").getInt("numClasses") * spec.section("parameters").getInt("steps"));

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        try (SuspectModel suspect = SuspectModel.load(ctx)) {
            return run(ctx, suspect);
        }
    }

    private RunOutcome run(RunContext ctx, SuspectModel suspect) throws Exception {
        ParamValues p = ctx.section("parameters");
        ImageBatch clean = suspect.first(ctx.section("data").getInt("count"), "data.count");
        Network network = suspect.network();
        int classes = network.numClasses();
        SplittableRandom random = new SplittableRandom(ctx.spec().seed());
        random.nextLong(); // the model's draw, as in every run
        List<ClassTrigger> found = new ArrayList<>();
        int[] iteration = {0};
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            Map<String, NDArray> params = suspect.weights().toArrays(root);
            for (int target = 0; target < classes; target++) {
                ClassSearch search = new ClassSearch(ctx, p, network, params, suspect.range(), clean, target,
                        random.split(), root, iteration);
                try {
                    found.add(search.run());
                } catch (CancelledException e) {
                    throw new CancelledException(outcome(found, p, iteration[0], "cancelled while searching class "
                            + target + "; classes before it are complete"));
                }
            }
        }
        return outcome(found, p, iteration[0], null);
    }

    private static RunOutcome outcome(List<ClassTrigger> found, ParamValues p, int iterations, String note) {
        double[] norms = found.stream().mapToDouble(ClassTrigger::norm).toArray();
        Map<String, Object> metrics = new LinkedHashMap<>();
        List<Integer> flagged = new ArrayList<>();
        metrics.put("maskNorms", round(norms));
        if (norms.length >= 2) {
            double[] index = anomalyIndices(norms);
            double median = median(norms);
            flagged.addAll(flagged(norms, p.getDouble("anomalyThreshold")));
            int smallest = 0;
            for (int c = 1; c < norms.length; c++) {
                smallest = norms[c] < norms[smallest] ? c : smallest;
            }
            metrics.put("anomalyIndices", round(index));
            metrics.put("medianNorm", median);
            metrics.put("smallestNormClass", smallest);
            metrics.put("anomalyIndex", index[smallest]);
        }
        metrics.put("flaggedClasses", flagged);
        metrics.put("backdoored", !flagged.isEmpty());
        metrics.put("attackSuccessRates", round(found.stream().mapToDouble(ClassTrigger::success).toArray()));
        List<FloatImage> masks = found.stream().map(ClassTrigger::maskImage).toList();
        List<FloatImage> triggers = found.stream().map(ClassTrigger::fusion).toList();
        String summary = note != null ? note : flagged.isEmpty()
                ? "no class flagged: no backdoor found"
                : "flagged class(es) " + flagged + " as backdoor target(s)";
        return new RunOutcome(iterations, metrics, masks, triggers, note == null, summary);
    }

    /** The classes whose norm lies below the median with an anomaly index above {@code threshold}. */
    static List<Integer> flagged(double[] norms, double threshold) {
        double[] index = anomalyIndices(norms);
        double median = median(norms);
        List<Integer> flagged = new ArrayList<>();
        for (int c = 0; c < norms.length; c++) {
            if (norms[c] < median && index[c] > threshold) {
                flagged.add(c);
            }
        }
        return flagged;
    }

    /** |norm − median| / (1.4826 · median |norm − median|), as the reference's MAD outlier detection. */
    static double[] anomalyIndices(double[] norms) {
        double median = median(norms);
        double[] deviation = Arrays.stream(norms).map(n -> Math.abs(n - median)).toArray();
        double mad = CONSISTENCY * median(deviation);
        // with more than half the norms equal there is no spread to measure: nothing stands out
        return Arrays.stream(deviation).map(d -> mad == 0 ? 0 : d / mad).toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static List<Double> round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 1e4) / 1e4).boxed().toList();
    }

    /** The smallest successful trigger found for one class. */
    record ClassTrigger(int target, float[] mask, float[] pattern, int channels, int height, int width, double norm,
                        double success) {

        FloatImage maskImage() {
            float[] grey = new float[channels * mask.length];
            for (int c = 0; c < channels; c++) {
                System.arraycopy(mask, 0, grey, c * mask.length, mask.length);
            }
            return new FloatImage(channels, height, width, grey);
        }

        /** m·p, what the trigger adds where the mask is on. */
        FloatImage fusion() {
            float[] out = new float[pattern.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = mask[i % mask.length] * pattern[i];
            }
            return new FloatImage(channels, height, width, out);
        }
    }

    /** The optimisation for one class, with the reference's cost schedule and early stop. */
    private static final class ClassSearch {

        private final RunContext ctx;
        private final ParamValues p;
        private final Network network;
        private final Map<String, NDArray> params;
        private final PixelRange range;
        private final ImageBatch clean;
        private final int target;
        private final SplittableRandom random;
        private final NDManager root;
        private final int[] iteration;
        private final StagingBuffer upload = new StagingBuffer();
        private final StagingBuffer targets = new StagingBuffer();
        /** The weight of |m|₁ in the loss, moved by the {@link Schedule}. */
        private double cost;
        private final int channels;
        private final int height;
        private final int width;

        ClassSearch(RunContext ctx, ParamValues p, Network network, Map<String, NDArray> params, PixelRange range,
                    ImageBatch clean, int target, SplittableRandom random, NDManager root, int[] iteration) {
            this.ctx = ctx;
            this.p = p;
            this.network = network;
            this.params = params;
            this.range = range;
            this.clean = clean;
            this.target = target;
            this.random = random;
            this.root = root;
            this.iteration = iteration;
            this.channels = clean.channels();
            this.height = clean.height();
            this.width = clean.width();
        }

        ClassTrigger run() throws Exception {
            int plane = height * width;
            // random initial mask and pattern in [0, 1], taken to tanh space as the reference does
            float[] mask0 = new float[plane];
            float[] pattern0 = new float[channels * plane];
            for (int i = 0; i < mask0.length; i++) {
                mask0[i] = (float) random.nextDouble();
            }
            for (int i = 0; i < pattern0.length; i++) {
                pattern0[i] = (float) random.nextDouble();
            }
            try (NDManager state = root.newSubManager();
                 Adam adam = new Adam(state, p.getDouble("lr"), p.getDouble("beta1"), p.getDouble("beta2"),
                         TANH_EPSILON, 0)) {
                // the variables live on the host between mini-batches, so no device array outlives its batch
                float[] maskTanh = atanhSpace(mask0);
                float[] patternTanh = atanhSpace(pattern0);
                List<float[]> variables = List.of(maskTanh, patternTanh);
                Schedule schedule = new Schedule(p);
                ShuffledBatches stream = new ShuffledBatches(clean.count(), p.getInt("batchSize"), random);
                float[] bestMask = null;
                float[] bestPattern = null;
                double bestNorm = Double.POSITIVE_INFINITY;
                double bestSuccess = 0;
                double lastSuccess = 0;
                int steps = p.getInt("steps");
                for (int step = 0; step < steps; step++) {
                    ctx.control().checkpoint();
                    double[] sums = step(adam, variables, stream);
                    double ce = sums[0];
                    double norm = sums[1];
                    double success = sums[2];
                    lastSuccess = success;
                    if (!Double.isFinite(ce) || !Double.isFinite(norm)) {
                        throw new RunFailure("Neural Cleanse's loss or its gradient became " + ce + " for class " + target
                                + " at step " + (step + 1) + "; try a smaller parameters.lr");
                    }
                    if (success >= schedule.threshold && norm < bestNorm) {
                        bestMask = squash(maskTanh);
                        bestPattern = squash(patternTanh);
                        bestNorm = norm;
                        bestSuccess = success;
                    }
                    iteration[0]++;
                    Map<String, Double> scalars = new LinkedHashMap<>();
                    scalars.put("loss", ce + cost * norm);
                    scalars.put("class", (double) target);
                    scalars.put("crossEntropy", ce);
                    scalars.put("maskNorm", norm);
                    scalars.put("attackSuccessRate", success);
                    scalars.put("cost", cost);
                    if (Double.isFinite(bestNorm)) {
                        scalars.put("bestMaskNorm", bestNorm);
                    }
                    ctx.events().accept(new Progress(iteration[0], scalars));
                    if (ctx.wantsSnapshot(iteration[0])) {
                        ClassTrigger now = trigger(squash(maskTanh), squash(patternTanh), norm, success);
                        ctx.events().accept(new Snapshot(iteration[0], List.of(now.maskImage(), now.fusion())));
                    }
                    if (schedule.update(success, bestNorm)) {
                        break;
                    }
                }
                if (bestMask == null) {
                    // never successful: the last mask stands, as in the reference
                    bestMask = squash(maskTanh);
                    bestPattern = squash(patternTanh);
                    bestSuccess = lastSuccess;
                }
                // the outlier test reads the kept mask's own L1 norm, as the reference's does
                double keptNorm = sum(bestMask);
                ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT,
                        "class %d: mask L1 norm %.3f, attack success rate %.3f", target, keptNorm, bestSuccess)));
                return trigger(bestMask, bestPattern, keptNorm, bestSuccess);
            }
        }

        private ClassTrigger trigger(float[] mask, float[] pattern, double norm, double success) {
            return new ClassTrigger(target, mask, pattern, channels, height, width, norm, success);
        }

        /** One step: {@code miniBatches} Adam steps on the stream's next mini-batches; mean cross-entropy,
         *  mask norm and attack success rate over them. */
        private double[] step(Adam adam, List<float[]> variables, ShuffledBatches stream) {
            int miniBatches = p.getInt("miniBatches");
            double ceSum = 0;
            double normSum = 0;
            int hits = 0;
            int seen = 0;
            int size = clean.imageSize();
            for (int b = 0; b < miniBatches; b++) {
                int[] indices = stream.next();
                int count = indices.length;
                float[] pixels = new float[count * size];
                for (int i = 0; i < count; i++) {
                    System.arraycopy(clean.pixels(), indices[i] * size, pixels, i * size, size);
                }
                try (NDManager m = root.newSubManager();
                     NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray maskVariable = upload.upload(m, variables.get(0), new Shape(1, 1, height, width));
                    NDArray patternVariable = upload.upload(m, variables.get(1), new Shape(1, channels, height, width));
                    NDArray x = upload.upload(m, pixels, new Shape(count, channels, height, width));
                    NDArray oneHot = targets.upload(m, targetRows(count), new Shape(count, network.numClasses()));
                    Batch batch = batch(maskVariable, patternVariable, x, oneHot, m);
                    List<NDArray> grads = batch.grads;
                    if (!finite(grads)) {
                        return new double[] {Double.NaN, Double.NaN, 0};
                    }
                    adam.step(List.of(maskVariable, patternVariable), grads);
                    System.arraycopy(maskVariable.toFloatArray(), 0, variables.get(0), 0, variables.get(0).length);
                    System.arraycopy(patternVariable.toFloatArray(), 0, variables.get(1), 0, variables.get(1).length);
                    hits += batch.hits;
                    ceSum += batch.ce * count;
                    normSum += batch.norm;
                    seen += count;
                }
            }
            return new double[] {ceSum / seen, normSum / miniBatches, hits / (double) seen};
        }

        /** The loss's parts on one mini-batch, its hits on the target class and the variables' gradients. */
        private record Batch(float ce, float norm, int hits, List<NDArray> grads) {
        }

        private Batch batch(NDArray maskVariable, NDArray patternVariable, NDArray x, NDArray oneHot, NDManager m) {
            NDArray maskLeaf = leaf(maskVariable, m);
            NDArray patternLeaf = leaf(patternVariable, m);
            NDArray mask = squashed(maskLeaf);
            NDArray pattern = squashed(patternLeaf);
            // (1 − m)·x + m·p, computed as x + m·(p − x) with the batch first so the result is per-iteration
            NDArray stamped = x.add(pattern.sub(x).mul(mask));
            NDArray logits = network.forward(params, range.toModel(stamped), false);
            NDArray ce = Losses.softCrossEntropy(logits, oneHot);
            // m lies in [0, 1], so Σm is |m|₁
            NDArray norm = mask.sum();
            NDArray loss = ce.add(Scalars.times(norm, cost)); // a float32 constant, kept alive for the backward pass
            List<NDArray> grads = Autograd.grad(loss, List.of(maskLeaf, patternLeaf), false);
            int hits = 0;
            for (long label : logits.argMax(1).toLongArray()) {
                hits += label == target ? 1 : 0;
            }
            return new Batch(ce.getFloat(), norm.getFloat(), hits, grads);
        }

        private static boolean finite(List<NDArray> arrays) {
            for (NDArray a : arrays) {
                for (float v : a.toFloatArray()) {
                    if (!Float.isFinite(v)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** One-hot rows of the target class. */
        private float[] targetRows(int count) {
            float[] rows = new float[count * network.numClasses()];
            for (int i = 0; i < count; i++) {
                rows[i * network.numClasses() + target] = 1;
            }
            return rows;
        }

        private static NDArray leaf(NDArray variable, NDManager m) {
            NDArray leaf = variable.stopGradient();
            leaf.attach(m);
            leaf.setRequiresGradient(true);
            return leaf;
        }

        /** tanh(v) / (2 − ε) + 1/2: in (0, 1) for every v. */
        private static NDArray squashed(NDArray tanhSpace) {
            return Scalars.dividedBy(tanhSpace.tanh(), 2 - TANH_EPSILON).add(0.5);
        }

        private static float[] squash(float[] tanhSpace) {
            float[] v = tanhSpace.clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (Math.tanh(v[i]) / (2 - TANH_EPSILON) + 0.5);
            }
            return v;
        }

        private static float[] atanhSpace(float[] unit) {
            float[] out = new float[unit.length];
            for (int i = 0; i < out.length; i++) {
                double t = (unit[i] - 0.5) * (2 - TANH_EPSILON);
                out[i] = (float) (0.5 * Math.log((1 + t) / (1 - t)));
            }
            return out;
        }

        private static double sum(float[] values) {
            double s = 0;
            for (float v : values) {
                s += Math.abs(v);
            }
            return s;
        }

        /** The reference's adaptive cost and early stop, step by step. */
        private final class Schedule {

            final double threshold;
            private final double initCost;
            private final int patience;
            private final double up;
            private final double down;
            private final boolean earlyStop;
            private final double earlyStopThreshold;
            private final int earlyStopPatience;
            private int setCounter;
            private int upCounter;
            private int downCounter;
            private boolean wentUp;
            private boolean wentDown;
            private int earlyStopCounter;
            private double earlyStopBest = Double.POSITIVE_INFINITY;

            Schedule(ParamValues p) {
                threshold = p.getDouble("successThreshold");
                initCost = p.getDouble("initCost");
                patience = p.getInt("patience");
                up = p.getDouble("costMultiplier");
                down = Math.pow(up, 1.5);
                earlyStop = p.getBoolean("earlyStop");
                earlyStopThreshold = p.getDouble("earlyStopThreshold");
                earlyStopPatience = p.getInt("earlyStopPatience");
                cost = 0;
            }

            /** Moves the cost after a step; true when the search should stop early. */
            boolean update(double success, double bestNorm) {
                if (earlyStop) {
                    if (Double.isFinite(bestNorm)) {
                        earlyStopCounter = bestNorm >= earlyStopThreshold * earlyStopBest ? earlyStopCounter + 1 : 0;
                    }
                    earlyStopBest = Math.min(bestNorm, earlyStopBest);
                    if (wentDown && wentUp && earlyStopCounter >= earlyStopPatience) {
                        return true;
                    }
                }
                boolean succeeded = success >= threshold;
                if (cost == 0 && succeeded) {
                    if (++setCounter >= patience) {
                        cost = initCost;
                        upCounter = 0;
                        downCounter = 0;
                        wentUp = false;
                        wentDown = false;
                    }
                } else {
                    setCounter = 0;
                }
                if (succeeded) {
                    upCounter++;
                    downCounter = 0;
                } else {
                    upCounter = 0;
                    downCounter++;
                }
                if (upCounter >= patience) {
                    upCounter = 0;
                    cost *= up;
                    wentUp = true;
                } else if (downCounter >= patience) {
                    downCounter = 0;
                    cost /= down;
                    wentDown = true;
                }
                return false;
            }
        }
    }
}
