package org.invwb.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.LabelledImages;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.Scalars;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.nn.Dcgan;
import org.invwb.core.nn.DcganDiscriminator;
import org.invwb.core.nn.DcganGenerator;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.nn.SafetensorsFile;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.TrainingForward;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.optim.Adam;
import org.invwb.core.run.Artifact;
import org.invwb.core.run.CancelledException;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.Snapshot;

/**
 * GAN training of the DCGAN generator and discriminator, as GMI (Zhang et al., CVPR 2020) trains its
 * prior: each generator iteration first takes {@code criticSteps} discriminator steps, each on a fresh
 * mini-batch of training images (drawn epoch by epoch from a shuffled order) and as many generated ones,
 * then one generator step on a fresh latent batch; both networks have their own Adam. The loss is
 * the non-saturating GAN's or WGAN-GP's ({@link GanLosses}). Every generator forward is in train mode,
 * so BatchNorm's running statistics move with each one, as in PyTorch.
 *
 * <p>Every {@code sampleEvery} iterations the run shows the generator's images (eval mode) for one
 * fixed set of latent codes, so a viewer watches the same samples form. Both networks are written as
 * one {@code weights.safetensors} ({@link Dcgan}'s layout), which a {@code gan.weights} field can name.
 */
final class GanTraining implements InversionMethod {

    static final String NAME = "train-gan";
    static final String NON_SATURATING = "non-saturating";
    static final String WGAN_GP = "wgan-gp";
    /** The fixed latent codes of the samples shown while training: an 8×8 grid. */
    private static final int SAMPLES = 64;

    static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("source", "bundled:mnist-train", "labelled training images: bundled:NAME, a folder"
                    + " with one sub-folder per class, an IDX folder or a CIFAR .bin file"),
            ParamDecl.integer("count", 0, 0, 100_000_000, "training images used, the first of the source (of the"
                    + " classes kept); 0 for all"),
            LabelledImages.CLASSES);

    static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.choice("loss", WGAN_GP, List.of(NON_SATURATING, WGAN_GP), "non-saturating: the discriminator"
                    + " classifies real against generated images, the generator maximises log D(G(z)) (DCGAN);"
                    + " wgan-gp: a critic estimates the Wasserstein distance under a gradient penalty")
                    .paper("wgan-gp (GMI)"),
            ParamDecl.integer("iterations", 2000, 1, 10_000_000, "generator iterations (each after criticSteps"
                    + " discriminator steps)"),
            ParamDecl.integer("batchSize", 64, 1, 65_536, "images per step, real and generated alike")
                    .paper("64 (GMI)"),
            ParamDecl.real("lr", 2e-4, 0, 1, "Adam learning rate of both networks").paper("2e-4 (DCGAN, GMI)"),
            ParamDecl.real("beta1", 0.5, 0, 0.9999, "Adam's first-moment decay").paper("0.5 (DCGAN, GMI)"),
            ParamDecl.real("beta2", 0.999, 0, 0.999999, "Adam's second-moment decay").paper("0.999 (GMI)"),
            ParamDecl.integer("criticSteps", 5, 1, 100, "discriminator steps per generator step: 5 for wgan-gp,"
                    + " 1 for the non-saturating loss").paper("5 (WGAN-GP, GMI)"),
            ParamDecl.real("gradientPenalty", 10, 0, 1e6, "wgan-gp: weight λ of the penalty (‖∇D(x̂)‖₂ − 1)² on"
                    + " random interpolates x̂ of real and generated images").paper("10 (WGAN-GP, GMI)")
                    .group(WGAN_GP),
            ParamDecl.integer("sampleEvery", 100, 1, 10_000_000, "generator iterations between the sample grids"
                    + " shown while training").group("samples"));

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues gan = ctx.section("gan");
        Dcgan networks = GanModelSpec.networks(gan);
        DcganGenerator generator = networks.generator();
        ImageBatch train = LabelledImages.load(ctx.section("data"), "source", "count", generator.channels(),
                generator.imageSize(), Integer.MAX_VALUE, "the classes filter");
        SplittableRandom random = new SplittableRandom(ctx.spec().seed());
        StateDict initial = GanModelSpec.weights(gan, networks, random.nextLong());
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            return new Loop(ctx, networks, train, root, initial, random.split()).run();
        }
    }


    /** One training run's state: both networks' weights on the device, their optimisers and the figures. */
    private static final class Loop {

        private final RunContext ctx;
        private final DcganGenerator generator;
        private final DcganDiscriminator discriminator;
        private final ImageBatch train;
        private final NDManager root;
        private final LinkedHashMap<String, NDArray> g;
        private final LinkedHashMap<String, NDArray> d;
        private final List<String> gTrainable;
        private final List<String> dTrainable;
        private final SplittableRandom random;
        private final float[] sampleCodes;
        private final boolean wgan;
        private final int iterations;
        private final int batchSize;
        private final int criticSteps;
        private final double penaltyWeight;
        private int[] order = new int[0];
        private int cursor;
        private int done;
        private final Figures figures = new Figures();

        Loop(RunContext ctx, Dcgan networks, ImageBatch train, NDManager root, StateDict initial,
             SplittableRandom random) {
            this.ctx = ctx;
            this.generator = networks.generator();
            this.discriminator = networks.discriminator();
            this.train = train;
            this.root = root;
            this.g = Dcgan.generatorPart(initial).toArrays(root);
            this.d = Dcgan.discriminatorPart(initial).toArrays(root);
            this.gTrainable = generator.trainableNames();
            this.dTrainable = List.copyOf(d.keySet());
            this.random = random;
            this.sampleCodes = gaussian(new SplittableRandom(random.nextLong()), SAMPLES * generator.latentSize());
            ParamValues p = ctx.section("parameters");
            this.wgan = p.getString("loss").equals(WGAN_GP);
            this.iterations = p.getInt("iterations");
            this.batchSize = p.getInt("batchSize");
            this.criticSteps = p.getInt("criticSteps");
            this.penaltyWeight = p.getDouble("gradientPenalty");
        }

        RunOutcome run() throws Exception {
            ParamValues p = ctx.section("parameters");
            ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT,
                    "training a %s loss GAN (generator %d, discriminator %d parameters) on %d images: %d iterations"
                            + " of %d discriminator steps and one generator step, %d images each",
                    p.getString("loss"), count(g, gTrainable), count(d, dTrainable), train.count(), iterations,
                    criticSteps, batchSize)));
            long start = System.nanoTime();
            try (Adam gAdam = adam(p); Adam dAdam = adam(p)) {
                while (done < iterations) {
                    try {
                        ctx.control().checkpoint();
                    } catch (CancelledException e) {
                        writeWeights();
                        throw new CancelledException(outcome("cancelled after " + done + " generator iterations;"
                                + " the weights reached so far are in " + WeightSources.RUN_FOLDER_FILE, start));
                    }
                    Map<String, Double> scalars = iteration(gAdam, dAdam);
                    for (Map.Entry<String, Double> e : scalars.entrySet()) {
                        if (!Double.isFinite(e.getValue())) {
                            String reason = String.format(Locale.ROOT, "%s became %s at generator iteration %d: the"
                                    + " GAN diverged; try a smaller lr than %s", e.getKey(), e.getValue(), done + 1,
                                    p.getDouble("lr"));
                            throw new RunFailure(reason, outcome(reason, start));
                        }
                    }
                    done++;
                    figures.add(scalars);
                    ctx.events().accept(new Progress(done, scalars));
                    if (done % p.getInt("sampleEvery") == 0 || done == iterations) {
                        ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT,
                                "iteration %d/%d: %s", done, iterations, figures.describe())));
                        if (ctx.snapshotEvery() > 0) {
                            ctx.events().accept(new Snapshot(done, samples()));
                        }
                    }
                }
            }
            writeWeights();
            return outcome(String.format(Locale.ROOT, "trained %d generator iterations: %s", done,
                    figures.describe()), start);
        }

        private Adam adam(ParamValues p) {
            return new Adam(root, p.getDouble("lr"), p.getDouble("beta1"), p.getDouble("beta2"), 1e-8, 0);
        }

        /** criticSteps discriminator steps, then one generator step; the figures, averaged over the former. */
        private Map<String, Double> iteration(Adam gAdam, Adam dAdam) {
            double dLoss = 0;
            double distance = 0;
            double penalty = 0;
            for (int k = 0; k < criticSteps; k++) {
                double[] step = discriminatorStep(dAdam);
                dLoss += step[0] / criticSteps;
                distance += step[1] / criticSteps;
                penalty += step[2] / criticSteps;
            }
            Map<String, Double> scalars = new LinkedHashMap<>();
            scalars.put("discriminatorLoss", dLoss);
            scalars.put("generatorLoss", generatorStep(gAdam));
            if (wgan) {
                scalars.put("wasserstein", distance);
                scalars.put("gradientPenalty", penalty);
            }
            return scalars;
        }

        /** One discriminator step; its loss, the Wasserstein estimate and the penalty (both 0 unless WGAN-GP). */
        private double[] discriminatorStep(Adam adam) {
            float[] pixels = realBatch();
            float[] codes = gaussian(random, batchSize * generator.latentSize());
            float[] mix = new float[batchSize];
            for (int i = 0; i < batchSize; i++) {
                mix[i] = (float) random.nextDouble();
            }
            try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                Leaves leaves = new Leaves(d, dTrainable, m);
                NDArray real = StagingBuffer.uploadOnThisThread(m, pixels, imageShape());
                NDArray fake = generate(m, g, codes);
                NDArray realScores = discriminator.score(leaves.bound, real);
                NDArray fakeScores = discriminator.score(leaves.bound, fake);
                NDArray loss;
                double[] figures = new double[3];
                if (wgan) {
                    NDArray alpha = StagingBuffer.uploadOnThisThread(m, mix, new Shape(batchSize, 1, 1, 1));
                    NDArray interpolates = fake.sub(real).mul(alpha).add(real);
                    NDArray distance = GanLosses.wasserstein(realScores, fakeScores);
                    NDArray penalty = GanLosses.gradientPenalty(x -> discriminator.score(leaves.bound, x), interpolates);
                    loss = Scalars.times(penalty, penaltyWeight).sub(distance);
                    figures[1] = distance.getFloat();
                    figures[2] = penalty.getFloat();
                } else {
                    loss = GanLosses.discriminatorLoss(realScores, fakeScores);
                }
                figures[0] = loss.getFloat();
                if (Double.isFinite(figures[0])) {
                    adam.step(leaves.stored, Autograd.grad(loss, leaves.list, false));
                }
                return figures;
            }
        }

        /** One generator step on a fresh latent batch; its loss. */
        private double generatorStep(Adam adam) {
            float[] codes = gaussian(random, batchSize * generator.latentSize());
            try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                Leaves leaves = new Leaves(g, gTrainable, m);
                NDArray scores = discriminator.score(d, generate(m, leaves.bound, codes));
                NDArray loss = wgan ? GanLosses.criticGeneratorLoss(scores) : GanLosses.generatorLoss(scores);
                double value = loss.getFloat();
                if (Double.isFinite(value)) {
                    adam.step(leaves.stored, Autograd.grad(loss, leaves.list, false));
                }
                return value;
            }
        }

        /** A train-mode generator forward; the running statistics it moved become the generator's. */
        private NDArray generate(NDManager m, Map<String, NDArray> weights, float[] codes) {
            NDArray z = StagingBuffer.uploadOnThisThread(m, codes, new Shape(batchSize, generator.latentSize()));
            TrainingForward forward = generator.generateTraining(weights, z);
            forward.buffers().forEach((name, moved) -> {
                moved.attach(root);
                NDScope.unregister(moved);
                g.put(name, moved).close();
            });
            return forward.logits();
        }

        /** The next batch of training images, from an order reshuffled whenever it runs out. */
        private float[] realBatch() {
            int size = train.imageSize();
            float[] pixels = new float[batchSize * size];
            for (int i = 0; i < batchSize; i++) {
                if (cursor == order.length) {
                    order = permutation(train.count());
                    cursor = 0;
                }
                System.arraycopy(train.pixels(), order[cursor++] * size, pixels, i * size, size);
            }
            return pixels;
        }

        private int[] permutation(int n) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        }

        /** The generator's images for the fixed latent codes, BatchNorm in eval mode as a user of the GAN runs it. */
        private List<FloatImage> samples() {
            try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray z = StagingBuffer.uploadOnThisThread(m, sampleCodes, new Shape(SAMPLES, generator.latentSize()));
                float[] pixels = generator.generate(g, z).toFloatArray();
                int size = generator.channels() * generator.imageSize() * generator.imageSize();
                List<FloatImage> images = new ArrayList<>(SAMPLES);
                for (int i = 0; i < SAMPLES; i++) {
                    float[] one = new float[size];
                    System.arraycopy(pixels, i * size, one, 0, size);
                    images.add(new FloatImage(generator.channels(), generator.imageSize(), generator.imageSize(), one));
                }
                return images;
            }
        }

        private Shape imageShape() {
            return new Shape(batchSize, generator.channels(), generator.imageSize(), generator.imageSize());
        }

        private static float[] gaussian(SplittableRandom random, int n) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) random.nextGaussian();
            }
            return x;
        }

        private static long count(Map<String, NDArray> weights, List<String> names) {
            return names.stream().mapToLong(n -> weights.get(n).getShape().size()).sum();
        }

        private void writeWeights() {
            StateDict both = Dcgan.join(StateDict.of(g), StateDict.of(d));
            ctx.events().accept(new Artifact(WeightSources.RUN_FOLDER_FILE, file -> SafetensorsFile.save(file, both)));
        }

        private RunOutcome outcome(String note, long start) {
            Map<String, Object> metrics = new LinkedHashMap<>(figures.averages());
            metrics.put("iterations", done);
            metrics.put("parameters", count(g, gTrainable) + count(d, dTrainable));
            metrics.put("trainImages", train.count());
            metrics.put("trainSeconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
            return new RunOutcome(done, metrics, null, null, done == iterations, note);
        }
    }

    /**
     * Fresh leaves sharing the stored weights' storage: the gradients are taken for them, the optimiser
     * updates the stored arrays; {@code bound} is the full weights map with the leaves in place.
     */
    private static final class Leaves {

        final LinkedHashMap<String, NDArray> bound;
        final List<NDArray> list = new ArrayList<>();
        final List<NDArray> stored = new ArrayList<>();

        Leaves(Map<String, NDArray> weights, List<String> trainable, NDManager m) {
            bound = new LinkedHashMap<>(weights);
            for (String name : trainable) {
                NDArray leaf = weights.get(name).stopGradient();
                leaf.attach(m);
                leaf.setRequiresGradient(true);
                bound.put(name, leaf);
                list.add(leaf);
                stored.add(weights.get(name));
            }
        }
    }

    /** Moving averages (decay 0.98) of the per-iteration figures, for the log and the report. */
    private static final class Figures {

        private final LinkedHashMap<String, Double> averages = new LinkedHashMap<>();

        void add(Map<String, Double> scalars) {
            scalars.forEach((name, value) -> averages.merge(name, value, (old, v) -> 0.98 * old + 0.02 * v));
        }

        Map<String, Double> averages() {
            return averages;
        }

        String describe() {
            StringBuilder out = new StringBuilder();
            averages.forEach((name, value) -> out.append(out.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.4f", name, value)));
            return out.length() == 0 ? "no figures yet" : out.toString();
        }
    }
}
