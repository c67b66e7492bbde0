package org.invwb.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.data.DataException;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.LabelledImages;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.nn.ConditionalUNet;
import org.invwb.core.nn.SafetensorsFile;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.nn.diffusion.DdimGrid;
import org.invwb.core.nn.diffusion.DiffusionImages;
import org.invwb.core.nn.diffusion.DiffusionModel;
import org.invwb.core.nn.diffusion.DiffusionModelSpec;
import org.invwb.core.nn.diffusion.NoiseSchedule;
import org.invwb.core.nn.diffusion.Samplers;
import org.invwb.core.optim.Adam;
import org.invwb.core.run.Artifact;
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
import org.invwb.core.run.SpecException;

/**
 * DDPM training (Ho, Jain and Abbeel, NeurIPS 2020, algorithm 1) of the class-conditional UNet: each
 * step draws a mini-batch of images scaled to [−1, 1], a timestep t uniform in 0..T−1 and noise ε per
 * image, and minimises the mean squared error between ε and the UNet's ε̂(√ᾱ_t·x_0 + √(1−ᾱ_t)·ε, t, c)
 * with Adam. The class c is replaced by the null class with probability {@code classDropout}, so the
 * one network learns the conditional and the unconditional model of classifier-free guidance (Ho and
 * Salimans 2021). An exponential moving average of the weights is what the run writes as
 * {@code weights.safetensors}, as DDPM samples from the averaged weights.
 *
 * <p>Every {@code sampleEvery} steps the run shows one guided DDIM sample per class, drawn from the
 * averaged weights with a fixed noise, so a viewer watches the same samples sharpen.
 */
final class DiffusionTraining implements InversionMethod {

    static final String NAME = "train-diffusion";

    static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("source", "bundled:mnist-train", "labelled training images: bundled:NAME, a folder"
                    + " with one sub-folder per class, an IDX folder or a CIFAR .bin file"),
            ParamDecl.integer("count", 0, 0, 100_000_000, "training images used, the first of the source; 0 for all"));

    static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.integer("steps", 2000, 1, 10_000_000, "optimiser steps (one mini-batch each)"),
            ParamDecl.integer("batchSize", 64, 1, 65_536, "images per step").paper("128 (DDPM)"),
            ParamDecl.real("lr", 1e-3, 0, 1, "Adam learning rate (betas 0.9, 0.999, eps 1e-8)")
                    .paper("2e-4 (DDPM, CIFAR-10)"),
            ParamDecl.real("classDropout", 0.1, 0, 1, "probability of training on the null class instead of the"
                    + " label").paper("0.1 or 0.2 (Ho and Salimans)"),
            ParamDecl.real("emaDecay", 0.995, 0, 0.999999, "decay of the moving average of the weights that is"
                    + " written (0: the last weights)").paper("0.9999 (DDPM, 800k steps)"),
            ParamDecl.integer("sampleEvery", 250, 1, 10_000_000, "steps between the sample grids shown while"
                    + " training").group("samples"),
            ParamDecl.integer("sampleSteps", 20, 1, 10_000, "DDIM steps of those samples").group("samples"),
            ParamDecl.real("sampleGuidance", 3, 0, 100, "classifier-free guidance scale w of those samples")
                    .group("samples"));

    /** One iteration per optimiser step. */
    static final PlannedIterations PLAN = PlannedIterations.field("parameters", "steps");

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues model = ctx.section("model");
        ConditionalUNet unet = DiffusionModelSpec.unet(model);
        NoiseSchedule schedule = DiffusionModelSpec.schedule(model);
        ImageBatch train = LabelledImages.load(ctx.section("data"), "source", "count", unet.channels(), unet.imageSize(),
                unet.numClasses(), "a class-conditional model");
        SplittableRandom random = new SplittableRandom(ctx.spec().seed());
        StateDict initial = DiffusionModelSpec.weights(model, unet, random.nextLong());
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            Loop loop = new Loop(ctx, unet, schedule, train, root, initial, random.split());
            return loop.run();
        }
    }


    private static final class Loop {

        private final RunContext ctx;
        private final ConditionalUNet unet;
        private final NoiseSchedule schedule;
        private final ImageBatch train;
        private final NDManager root;
        private final LinkedHashMap<String, NDArray> params;
        private final LinkedHashMap<String, NDArray> ema;
        private final List<String> names;
        private final List<NDArray> paramList;
        private final SplittableRandom random;
        private final StagingBuffer inputs = new StagingBuffer();
        private final StagingBuffer noises = new StagingBuffer();
        private final StagingBuffer scales = new StagingBuffer();
        private final int steps;
        private final int batchSize;
        private final double classDropout;
        private final double emaDecay;
        private final long sampleSeed;
        private int done;
        private double lossAverage = Double.NaN;

        Loop(RunContext ctx, ConditionalUNet unet, NoiseSchedule schedule, ImageBatch train, NDManager root,
             StateDict initial, SplittableRandom random) {
            this.ctx = ctx;
            this.unet = unet;
            this.schedule = schedule;
            this.train = train;
            this.root = root;
            this.params = initial.toArrays(root);
            this.ema = initial.toArrays(root);
            this.names = List.copyOf(params.keySet());
            this.paramList = names.stream().map(params::get).toList();
            this.random = random;
            this.sampleSeed = random.nextLong();
            ParamValues p = ctx.section("parameters");
            this.steps = p.getInt("steps");
            this.batchSize = p.getInt("batchSize");
            this.classDropout = p.getDouble("classDropout");
            this.emaDecay = p.getDouble("emaDecay");
        }

        RunOutcome run() throws Exception {
            ParamValues p = ctx.section("parameters");
            ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT,
                    "training a %s of %d parameters on %d images for %d steps of %d; %s schedule, T = %d",
                    unet.name(), parameterCount(), train.count(), steps, batchSize, schedule.name(), schedule.steps())));
            long start = System.nanoTime();
            try (Adam adam = Adam.withDefaults(root, p.getDouble("lr"))) {
                while (done < steps) {
                    try {
                        ctx.control().checkpoint();
                    } catch (CancelledException e) {
                        writeWeights();
                        throw new CancelledException(outcome("cancelled after " + done + " steps; the averaged weights"
                                + " reached so far are in " + WeightSources.RUN_FOLDER_FILE, start));
                    }
                    double loss = step(adam);
                    if (!Double.isFinite(loss)) {
                        String reason = "training loss became " + loss + " at step " + (done + 1)
                                + ": the weights diverged; try a smaller lr than " + p.getDouble("lr");
                        throw new RunFailure(reason, outcome(reason, start));
                    }
                    done++;
                    lossAverage = Double.isNaN(lossAverage) ? loss : 0.98 * lossAverage + 0.02 * loss;
                    Map<String, Double> scalars = new LinkedHashMap<>();
                    scalars.put("loss", loss);
                    scalars.put("lossAverage", lossAverage);
                    ctx.events().accept(new Progress(done, scalars));
                    if (ctx.snapshotEvery() > 0 && (done % p.getInt("sampleEvery") == 0 || done == steps)) {
                        ctx.events().accept(new Snapshot(done, samples()));
                    }
                }
            }
            writeWeights();
            return outcome(String.format(Locale.ROOT, "trained %d steps: smoothed loss %.4f", done, lossAverage), start);
        }

        /** One Adam step on a fresh mini-batch; returns the loss (NaN or infinite when it diverged). */
        private double step(Adam adam) {
            int n = batchSize;
            int size = train.imageSize();
            float[] pixels = new float[n * size];
            float[] noise = new float[n * size];
            float[] signal = new float[n];
            float[] noiseScale = new float[n];
            int[] labels = new int[n];
            int[] timesteps = new int[n];
            for (int i = 0; i < n; i++) {
                int picked = random.nextInt(train.count());
                for (int j = 0; j < size; j++) {
                    pixels[i * size + j] = 2 * train.pixels()[picked * size + j] - 1;
                }
                labels[i] = random.nextDouble() < classDropout ? unet.nullClass() : train.labels()[picked];
                timesteps[i] = random.nextInt(schedule.steps());
                signal[i] = (float) Math.sqrt(schedule.alphaBar(timesteps[i]));
                noiseScale[i] = (float) Math.sqrt(1 - schedule.alphaBar(timesteps[i]));
            }
            for (int j = 0; j < noise.length; j++) {
                noise[j] = (float) random.nextGaussian();
            }
            try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                LinkedHashMap<String, NDArray> bound = new LinkedHashMap<>();
                List<NDArray> leaves = new ArrayList<>(names.size());
                for (String name : names) {
                    NDArray leaf = params.get(name).stopGradient();
                    leaf.attach(m);
                    leaf.setRequiresGradient(true);
                    bound.put(name, leaf);
                    leaves.add(leaf);
                }
                Shape image = new Shape(n, unet.channels(), unet.imageSize(), unet.imageSize());
                NDArray x0 = inputs.upload(m, pixels, image);
                NDArray eps = noises.upload(m, noise, image);
                float[] both = new float[2 * n];
                System.arraycopy(signal, 0, both, 0, n);
                System.arraycopy(noiseScale, 0, both, n, n);
                NDArray coefficients = scales.upload(m, both, new Shape(2, n, 1, 1, 1));
                NDArray xt = x0.mul(coefficients.get(0)).addi(eps.mul(coefficients.get(1)));
                NDArray loss = unet.forward(bound, xt, timesteps, labels).sub(eps).square().mean();
                double value = loss.getFloat();
                if (!Double.isFinite(value)) {
                    return value;
                }
                List<NDArray> grads = Autograd.grad(loss, leaves, false);
                adam.step(paramList, grads);
                for (String name : names) {
                    ema.get(name).muli(emaDecay).addi(params.get(name).mul(1 - emaDecay));
                }
                return value;
            }
        }

        /** One guided DDIM sample per class (at most 16) from the averaged weights, always from the same noise. */
        private List<FloatImage> samples() {
            ParamValues p = ctx.section("parameters");
            int n = Math.min(unet.numClasses(), 16);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i;
            }
            try (NDManager m = root.newSubManager(); NDScope scope = new NDScope();
                 DiffusionModel model = new DiffusionModel(unet, schedule, StateDict.of(ema), m, DataType.FLOAT32)) {
                scope.suppressNotUsedWarning();
                Shape shape = new Shape(n, unet.channels(), unet.imageSize(), unet.imageSize());
                NDArray noise = model.gaussian(m, shape, new SplittableRandom(sampleSeed));
                NDArray x = Samplers.ddim(model, noise, labels, p.getDouble("sampleGuidance"),
                        new DdimGrid(schedule, Math.min(p.getInt("sampleSteps"), schedule.steps())), 0, true,
                        null, m, Samplers.IGNORE);
                return DiffusionImages.toImages(x);
            }
        }

        private long parameterCount() {
            return paramList.stream().mapToLong(a -> a.getShape().size()).sum();
        }

        private void writeWeights() {
            StateDict averaged = StateDict.of(emaDecay > 0 ? ema : params);
            ctx.events().accept(new Artifact(WeightSources.RUN_FOLDER_FILE, file -> SafetensorsFile.save(file, averaged)));
        }

        private RunOutcome outcome(String note, long start) {
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("lossAverage", lossAverage);
            metrics.put("steps", done);
            metrics.put("parameters", parameterCount());
            metrics.put("trainImages", train.count());
            metrics.put("trainSeconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
            return new RunOutcome(done, metrics, null, null, done == steps, note);
        }
    }
}
