package org.invwb.core.train;

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
import org.invwb.core.data.DataException;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.LabelledImages;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.nn.Evaluation;
import org.invwb.core.nn.Losses;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.SafetensorsFile;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.TrainingForward;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.optim.Adam;
import org.invwb.core.optim.Optimizer;
import org.invwb.core.optim.Sgd;
import org.invwb.core.run.Artifact;
import org.invwb.core.run.CancelledException;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.PlannedIterations;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.SpecException;

/**
 * Supervised training of a zoo classifier, as a PyTorch training loop does it: each epoch the
 * training images are shuffled into mini-batches (the last one smaller), the mean cross-entropy of a
 * train-mode forward is differentiated, and SGD or Adam (torch semantics) updates the weights;
 * BatchNorm's running statistics move with every batch. Each step is one iteration of the run; each
 * epoch ends with the test accuracy in eval mode. The weights are written as the run folder's
 * {@code weights.safetensors}, which {@code model.weights} of an attack, a round or another training
 * can name.
 *
 * <p>The seed's first draw gives the initial weights, exactly as in {@link ClientScenario}, so a
 * training and an attack with the same seed start from the same model; the shuffling and the
 * augmentation have streams of their own.
 */
final class ClassifierTraining implements InversionMethod {

    static final String NAME = "train-classifier";

    private final TrainingHook hook;

    ClassifierTraining() {
        this(TrainingHook.NONE);
    }

    /** The same loop with {@code hook}'s changes to the batches and its figures after every epoch. */
    ClassifierTraining(TrainingHook hook) {
        this.hook = hook;
    }

    static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("source", "bundled:fashion-mnist-train", "labelled training images: bundled:NAME, a folder"
                    + " with one sub-folder per class, an IDX folder or a CIFAR .bin file"),
            ParamDecl.integer("count", 0, 0, 100_000_000, "training images used, the first of the source; 0 for all"),
            ParamDecl.text("testSource", "bundled:fashion-mnist-test",
                    "labelled held-out images the test accuracy is measured on after every epoch"),
            ParamDecl.integer("testCount", 0, 0, 100_000_000, "test images used, the first of testSource; 0 for all"),
            LabelledImages.CLASSES);

    static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.choice("optimizer", "sgd", List.of("sgd", "adam"),
                    "sgd: torch.optim.SGD with heavy-ball momentum; adam: torch.optim.Adam, betas (0.9, 0.999), eps 1e-8"),
            ParamDecl.real("lr", 0.01, 0, 1e12, "learning rate"),
            ParamDecl.real("momentum", 0.9, 0, 0.9999, "sgd: momentum (0 for plain SGD); adam ignores it")
                    .group("sgd"),
            ParamDecl.real("weightDecay", 0, 0, 1, "L2 penalty added to the gradient, as torch.optim does"),
            ParamDecl.integer("epochs", 5, 1, 100_000, "passes over the training images"),
            ParamDecl.integer("batchSize", 64, 1, 65_536, "images per step"),
            ParamDecl.bool("augmentation", false, "random crop from the image padded by " + Augmentation.PADDING
                    + " px of zeros, then a horizontal flip with probability 1/2, drawn afresh for every image")
                    .group("augmentation"));

    /** Each epoch one step per mini-batch, the last one smaller; unknown (0) while the images are uncounted. */
    static final PlannedIterations PLAN = spec -> {
        ParamValues p = spec.section("parameters");
        long images = LabelledImages.knownCount(spec.section("data"), "source", "count");
        long batches = (images + p.getInt("batchSize") - 1) / p.getInt("batchSize");
        return PlannedIterations.capped(p.getInt("epochs") * batches);
    };

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues model = ctx.section("model");
        ParamValues data = ctx.section("data");
        ParamValues p = ctx.section("parameters");
        if (model.getInt("channels") == 2) {
            throw new SpecException("model.channels", "2 is not allowed; use 1 (grey) or 3 (colour)");
        }
        Network network = ClientScenario.network(model);
        Shape in = network.inputShape();
        ImageBatch train = LabelledImages.load(data, "source", "count", (int) in.get(0), (int) in.get(1),
                network.numClasses(), "training");
        ImageBatch test = LabelledImages.load(data, "testSource", "testCount", (int) in.get(0), (int) in.get(1),
                network.numClasses(), "training");
        SplittableRandom random = new SplittableRandom(ctx.spec().seed());
        StateDict initial = ClientScenario.modelWeights(model, network, random.nextLong());
        hook.start(train, test);
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()));
             Optimizer optimizer = optimizer(p, root)) {
            Loop loop = new Loop(ctx, hook, network, train, test, root, initial.toArrays(root), optimizer,
                    random.split(), p.getBoolean("augmentation") ? random.split() : null);
            return loop.run();
        }
    }

    private static Optimizer optimizer(ParamValues p, NDManager root) {
        double lr = p.getDouble("lr");
        double weightDecay = p.getDouble("weightDecay");
        return p.getString("optimizer").equals("adam")
                ? new Adam(root, lr, 0.9, 0.999, 1e-8, weightDecay)
                : new Sgd(root, lr, p.getDouble("momentum"), weightDecay, false);
    }


    /** One training run's state: the weights on the device, the optimiser and the running figures. */
    private static final class Loop {

        private final RunContext ctx;
        private final TrainingHook hook;
        private final Network network;
        private final ImageBatch train;
        private final ImageBatch test;
        private final NDManager root;
        private final LinkedHashMap<String, NDArray> params;
        private final List<String> trainable;
        private final List<NDArray> trainableParams;
        private final Optimizer optimizer;
        private final SplittableRandom shuffle;
        private final SplittableRandom augment;
        private final StagingBuffer inputs = new StagingBuffer();
        private final StagingBuffer targets = new StagingBuffer();
        private final int batchSize;
        private final int epochs;
        private int steps;
        private int epochsDone;
        private double epochLoss = Double.NaN;
        private double testAccuracy = Double.NaN;
        private Map<String, Double> hookFigures = Map.of();

        Loop(RunContext ctx, TrainingHook hook, Network network, ImageBatch train, ImageBatch test, NDManager root,
             LinkedHashMap<String, NDArray> params, Optimizer optimizer, SplittableRandom shuffle,
             SplittableRandom augment) {
            this.ctx = ctx;
            this.hook = hook;
            this.network = network;
            this.train = train;
            this.test = test;
            this.root = root;
            this.params = params;
            this.trainable = network.trainableNames();
            this.trainableParams = trainable.stream().map(params::get).toList();
            this.optimizer = optimizer;
            this.shuffle = shuffle;
            this.augment = augment;
            ParamValues p = ctx.section("parameters");
            this.batchSize = p.getInt("batchSize");
            this.epochs = p.getInt("epochs");
        }

        RunOutcome run() throws Exception {
            int n = train.count();
            int stepsPerEpoch = (n + batchSize - 1) / batchSize;
            ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT,
                    "training %s (%d parameters) on %d images, %d steps per epoch; testing on %d images",
                    network.name(), trainableCount(), n, stepsPerEpoch, test.count())));
            for (int epoch = 1; epoch <= epochs; epoch++) {
                int[] order = permutation(n);
                double lossSum = 0;
                int correct = 0;
                int seen = 0;
                for (int from = 0; from < n; from += batchSize) {
                    try {
                        ctx.control().checkpoint();
                    } catch (CancelledException e) {
                        evaluate();
                        writeWeights();
                        throw new CancelledException(outcome("cancelled after " + steps + " steps (" + epochsDone
                                + " whole epochs); the weights reached so far are in " + WeightSources.RUN_FOLDER_FILE));
                    }
                    int[] picked = Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
                    Step step = step(picked);
                    if (!Double.isFinite(step.loss())) {
                        String reason = "training loss became " + step.loss() + " at step " + (steps + 1) + " (epoch "
                                + epoch + "): the weights diverged; try a smaller lr than "
                                + ctx.section("parameters").getDouble("lr");
                        throw new RunFailure(reason, outcome(reason));
                    }
                    steps++;
                    lossSum += step.loss() * picked.length;
                    correct += step.correct();
                    seen += picked.length;
                    Map<String, Double> scalars = new LinkedHashMap<>();
                    scalars.put("loss", step.loss());
                    scalars.put("trainAccuracy", correct / (double) seen);
                    if (seen == n) {
                        epochsDone = epoch;
                        epochLoss = lossSum / n;
                        evaluate();
                        scalars.put("testAccuracy", testAccuracy);
                        scalars.putAll(hookFigures);
                        StringBuilder figures = new StringBuilder();
                        hookFigures.forEach((name, value) -> figures.append(String.format(Locale.ROOT, ", %s %.4f",
                                name, value)));
                        ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT,
                                "epoch %d/%d: train loss %.4f, train accuracy %.4f, test accuracy %.4f%s",
                                epoch, epochs, epochLoss, correct / (double) n, testAccuracy, figures)));
                    }
                    ctx.events().accept(new Progress(steps, scalars));
                }
            }
            writeWeights();
            return outcome(String.format(Locale.ROOT, "trained %d epochs (%d steps): test accuracy %.4f",
                    epochsDone, steps, testAccuracy));
        }

        /** One optimiser step on the images {@code picked}; the loss is NaN or infinite when it diverged. */
        private Step step(int[] picked) {
            Shape in = network.inputShape();
            int size = train.imageSize();
            float[] pixels = new float[picked.length * size];
            float[] oneHot = new float[picked.length * network.numClasses()];
            int[] labels = new int[picked.length];
            for (int i = 0; i < picked.length; i++) {
                System.arraycopy(train.pixels(), picked[i] * size, pixels, i * size, size);
                labels[i] = train.labels()[picked[i]];
            }
            hook.beforeStep(picked, pixels, labels);
            for (int i = 0; i < picked.length; i++) {
                oneHot[i * network.numClasses() + labels[i]] = 1;
            }
            if (augment != null) {
                pixels = Augmentation.apply(pixels, picked.length, (int) in.get(0), (int) in.get(1), (int) in.get(2),
                        augment);
            }
            try (NDManager m = root.newSubManager();
                 NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                // fresh leaves sharing the weights' storage: the gradients are taken for them, the step updates the weights
                LinkedHashMap<String, NDArray> bound = new LinkedHashMap<>(params);
                List<NDArray> leaves = new ArrayList<>(trainable.size());
                for (String name : trainable) {
                    NDArray leaf = params.get(name).stopGradient();
                    leaf.attach(m);
                    leaf.setRequiresGradient(true);
                    bound.put(name, leaf);
                    leaves.add(leaf);
                }
                NDArray input = inputs.upload(m, pixels, new Shape(picked.length, in.get(0), in.get(1), in.get(2)));
                NDArray target = targets.upload(m, oneHot, new Shape(picked.length, network.numClasses()));
                TrainingForward forward = network.forwardTraining(bound, input);
                NDArray loss = Losses.softCrossEntropy(forward.logits(), target);
                double value = loss.getFloat();
                if (!Double.isFinite(value)) {
                    return new Step(value, 0);
                }
                List<NDArray> grads = Autograd.grad(loss, leaves, false);
                long[] predicted = forward.logits().argMax(1).toLongArray();
                int correct = 0;
                for (int i = 0; i < labels.length; i++) {
                    if (predicted[i] == labels[i]) {
                        correct++;
                    }
                }
                optimizer.step(trainableParams, grads);
                // BatchNorm's moved running statistics become the model's
                forward.buffers().forEach((name, moved) -> {
                    moved.attach(root);
                    NDScope.unregister(moved);
                    params.put(name, moved).close();
                });
                return new Step(value, correct);
            }
        }

        private int[] permutation(int n) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return order;
        }

        private void evaluate() {
            testAccuracy = Evaluation.accuracy(network, weights(), test);
            hookFigures = hook.evaluate(network, weights());
        }

        private StateDict weights() {
            return StateDict.of(params);
        }

        private long trainableCount() {
            return trainableParams.stream().mapToLong(a -> a.getShape().size()).sum();
        }

        private void writeWeights() {
            StateDict trained = weights();
            ctx.events().accept(new Artifact(WeightSources.RUN_FOLDER_FILE, file -> SafetensorsFile.save(file, trained)));
        }

        private RunOutcome outcome(String note) {
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("testAccuracy", testAccuracy);
            metrics.put("trainLoss", epochLoss);
            metrics.put("epochs", epochsDone);
            metrics.put("steps", steps);
            metrics.put("parameters", trainableCount());
            metrics.put("trainImages", train.count());
            metrics.put("testImages", test.count());
            metrics.putAll(hookFigures);
            metrics.putAll(hook.summary());
            return new RunOutcome(steps, metrics, null, null, epochsDone == epochs, note);
        }

        private record Step(double loss, int correct) {
        }
    }
}
