package org.invwb.core.attack.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.invwb.core.data.DataException;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.data.LabelledImages;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.metrics.BatchScore;
import org.invwb.core.metrics.BatchScorer;
import org.invwb.core.nn.Dcgan;
import org.invwb.core.nn.DcganGenerator;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.CancelledException;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.IterationDriver;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.InputImages;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.SpecException;

/**
 * What every GAN inversion shares: the images to invert (section {@code data}, optionally with content
 * stamped on that the GAN never made), the GAN (section {@code gan}), the objective (pixel MSE plus a
 * perceptual term, {@link ReconstructionObjective}), the searches through {@link GeneratorSearch} with
 * their events, and the score of the reconstruction against the input (PSNR/SSIM). Subclasses say where
 * the search starts and what it may move.
 */
abstract class GanInversion implements InversionMethod {

    static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("source", "bundled:mnist-test", "images to invert: bundled:NAME, an image file or"
                    + " folder, an IDX folder or a CIFAR .bin file; any size is resized to the GAN's"),
            ParamDecl.integer("index", 0, 0, 100_000_000, "position of the first image in the source (after the"
                    + " classes filter)"),
            ParamDecl.integer("count", 1, 1, 64, "images inverted together"),
            LabelledImages.CLASSES,
            ParamDecl.choice("stamp", "none", StampedContent.NAMES, "content stamped onto each image before"
                    + " inverting it, which no digit has: square (white, 8×8 px in the top-left corner at 28 px), bar"
                    + " (white, 3×24 px along the bottom) or checker (the square as a 1 px checkerboard); none"
                    + " inverts the images as they are"));

    static final ParamDecl ITERATIONS = ParamDecl.integer("iterations", 500, 1, 1_000_000, "Adam steps on the"
            + " latent code z per start").paper("5000 (Image2StyleGAN)");
    static final ParamDecl LR = ParamDecl.real("lr", 0.05, 0, 10, "Adam learning rate on z (β = 0.9, 0.999)")
            .paper("0.01 (Image2StyleGAN, with 5000 steps)");
    static final ParamDecl LATENT_CLIP = ParamDecl.real("latentClip", 0, 0, 100, "after every step each entry"
            + " of z is clipped to [−c, c], keeping z where the prior N(0, I) puts its samples; 0 leaves z unbounded")
            .paper("the prior's support, [−1, 1] for iGAN's uniform prior (Zhu et al. 2016)");
    static final ParamDecl RESTARTS = ParamDecl.integer("restarts", 4, 1, 1000, "random starts z ~ N(0, I), each"
            + " searched for the full iterations; the one ending at the lowest objective is kept");
    static final ParamDecl PERCEPTUAL_NETWORK = ParamDecl.choice("perceptualNetwork", PerceptualFeatures.NETWORKS.get(0),
            PerceptualFeatures.NETWORKS, "classifier whose penultimate features (the last hidden layer's"
                    + " pre-activations) the perceptual term compares");
    static final ParamDecl PERCEPTUAL_WEIGHT = ParamDecl.real("perceptualWeight", 0.01, 0, 1e6, "weight λ of the"
            + " perceptual term: MSE + λ·MSE(features); 0 for pixels alone")
            .paper("1 with VGG-16 features (Image2StyleGAN)");

    /** The images a run inverts, stamped as the run stamps them: what it scores its reconstruction against. */
    static final InputImages INPUT = spec -> inverted(spec.section("data"),
            GanModelSpec.networks(spec.section("gan")).generator()).images();

    /** The iterations of {@code restarts} latent searches from random starts ({@link Inversion#bestOfRandomStarts}). */
    static long randomStarts(ResolvedSpec spec) {
        ParamValues p = spec.section("parameters");
        return (long) p.getInt("restarts") * p.getInt("iterations");
    }

    /** Parameters every inversion has, then {@code extra}. */
    static ParamSet parameters(ParamDecl... extra) {
        List<ParamDecl> all = new ArrayList<>(List.of(ITERATIONS, LR, LATENT_CLIP, PERCEPTUAL_NETWORK, PERCEPTUAL_WEIGHT));
        all.addAll(List.of(extra));
        return ParamSet.of(all.toArray(ParamDecl[]::new));
    }

    /** What an inversion returns: the images shown as its reconstruction and its own figures for the report. */
    record Reconstruction(NDArray images, Map<String, Object> metrics) {
    }

    /** Inverts the run's images; its searches go through {@code run}, which counts and reports their iterations. */
    abstract Reconstruction invert(Inversion run) throws Exception;

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues gan = ctx.section("gan");
        Dcgan networks = GanModelSpec.networks(gan);
        DcganGenerator generator = networks.generator();
        ParamValues data = ctx.section("data");
        StampedContent stamp = StampedContent.named(data.getString("stamp"));
        ImageBatch batch = inverted(data, generator);
        SplittableRandom random = new SplittableRandom(ctx.spec().seed());
        StateDict weights = GanModelSpec.weights(gan, networks, random.nextLong());
        ParamValues p = ctx.section("parameters");
        PerceptualFeatures perceptual = p.getDouble("perceptualWeight") > 0
                ? PerceptualFeatures.load(p.getString("perceptualNetwork"), generator.channels(), generator.imageSize())
                : null;
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            Inversion run = new Inversion(ctx, generator, Dcgan.generatorPart(weights).toArrays(root), batch, stamp,
                    perceptual, root, random);
            return run.execute();
        }
    }

    /** The images {@code data} names, at the generator's channels and size, with its stamp on. */
    static ImageBatch inverted(ParamValues data, DcganGenerator generator) throws SpecException, DataException {
        return StampedContent.named(data.getString("stamp")).stamp(images(data, generator));
    }

    /** The images {@code data} names, at the generator's channels and size. */
    static ImageBatch images(ParamValues data, DcganGenerator generator) throws SpecException, DataException {
        String source = data.getString("source");
        ImageBatch loaded = ImageSources.load(source, generator.channels(), generator.imageSize(),
                generator.imageSize());
        List<Integer> classes = LabelledImages.classes(data);
        ImageBatch all = loaded;
        if (!classes.isEmpty()) {
            if (!loaded.labeled()) {
                throw new SpecException("data.classes", source + " has no labels to filter by; leave classes empty");
            }
            all = loaded.subset(IntStream.range(0, loaded.count())
                    .filter(i -> classes.contains(loaded.labels()[i])).toArray());
        }
        int index = data.getInt("index");
        int count = data.getInt("count");
        if ((long) index + count > all.count()) {
            throw new SpecException("data.count", count + " images from index " + index + " need "
                    + ((long) index + count) + ", but " + source + " holds " + all.count()
                    + (classes.isEmpty() ? "" : " of the classes " + classes));
        }
        return all.subset(IntStream.range(index, index + count).toArray());
    }

    /**
     * One inversion run: the generator on the device, the input (its arrays are the run's), the objective
     * and the iteration count over all its searches.
     */
    final class Inversion {

        final RunContext ctx;
        final DcganGenerator generator;
        final Map<String, NDArray> params;
        final ImageBatch batch;
        final StampedContent stamp;
        final NDManager root;
        final NDArray target;
        final SplittableRandom random;
        final ParamValues parameters;
        private final PerceptualFeatures perceptual;
        private final Map<String, NDArray> perceptualParams;
        private final IterationDriver driver;
        private GeneratorSearch current;
        /** The images of the iteration just reported, what a cancellation keeps. */
        private NDArray lastShown;

        Inversion(RunContext ctx, DcganGenerator generator, Map<String, NDArray> params, ImageBatch batch,
                  StampedContent stamp, PerceptualFeatures perceptual, NDManager root, SplittableRandom random) {
            this.ctx = ctx;
            this.generator = generator;
            this.params = params;
            this.batch = batch;
            this.stamp = stamp;
            this.root = root;
            this.random = random;
            this.parameters = ctx.section("parameters");
            this.perceptual = perceptual;
            this.perceptualParams = perceptual == null ? Map.of() : perceptual.arrays(root);
            this.target = StagingBuffer.uploadOnThisThread(root, batch.pixels(),
                    new Shape(batch.count(), batch.channels(), batch.height(), batch.width()));
            this.driver = ctx.driver((done, note) -> outcome(lastShown, Map.of(), note));
        }

        /** The objective against {@code reference} (N, C, H, W), with the run's perceptual term. */
        ReconstructionObjective objective(NDArray reference) {
            return new ReconstructionObjective(reference, perceptual, perceptualParams,
                    parameters.getDouble("perceptualWeight"));
        }

        /** The latent phase of the run's parameters. */
        GeneratorSearch.Phase latentPhase() {
            return new GeneratorSearch.Phase("adam", parameters.getDouble("lr"), 0, parameters.getInt("iterations"));
        }

        /** The bound on each entry of z, 0 for none. */
        double latentClip() {
            return parameters.getDouble("latentClip");
        }

        /** Latent codes drawn from N(0, I), one per image. */
        NDArray randomLatent() {
            float[] z = new float[batch.count() * generator.latentSize()];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) random.nextGaussian();
            }
            return StagingBuffer.uploadOnThisThread(root, z, new Shape(batch.count(), generator.latentSize()));
        }

        /**
         * A search reporting every iteration as the run's; {@code shown} maps its images to those scored
         * and shown (identity but for out-of-domain blending); {@code label} = {@code value} is reported with
         * them (the restart, say).
         * The caller closes it.
         */
        GeneratorSearch search(GeneratorSearch.Objective objective, UnaryOperator<NDArray> shown, String label,
                               int value) {
            current = new GeneratorSearch(generator, params, objective, (done, scalars, images) -> {
                NDArray seen = shown.apply(images);
                lastShown = seen;
                driver.checkpoint();
                Map<String, Double> out = new LinkedHashMap<>(scalars);
                out.put(label, (double) value);
                out.put("psnr", psnr(seen));
                driver.completed(out, () -> host(seen));
            }, root);
            return current;
        }

        /**
         * {@code restarts} latent searches from random starts against {@code objective}; the one with the
         * lowest objective stays open (the caller closes it), the others are closed.
         */
        GeneratorSearch bestOfRandomStarts(GeneratorSearch.Objective objective, int restarts) throws CancelledException {
            GeneratorSearch best = null;
            for (int r = 0; r < restarts; r++) {
                GeneratorSearch search = search(objective, x -> x, "restart", r);
                try {
                    search.searchLatent(randomLatent(), latentPhase(), latentClip());
                } catch (RuntimeException | CancelledException e) {
                    search.close();
                    throw e;
                }
                if (best == null || search.bestObjective() < best.bestObjective()) {
                    if (best != null) {
                        best.close();
                    }
                    best = search;
                } else {
                    search.close();
                }
            }
            current = best;
            return best;
        }

        /** Mean PSNR (dB) of {@code images} against the input, each image its own. */
        double psnr(NDArray images) {
            float[] mse = images.sub(target).square().reshape(batch.count(), -1).mean(new int[] {1}).toFloatArray();
            double sum = 0;
            for (float e : mse) {
                sum += 10 * Math.log10(1 / Math.max(e, 1e-10));
            }
            return sum / mse.length;
        }

        int iterations() {
            return driver.done();
        }

        RunOutcome execute() throws Exception {
            ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT,
                    "inverting %d image(s) of %s into the %d-dimensional latent space of the GAN%s",
                    batch.count(), ctx.section("data").getString("source"), generator.latentSize(),
                    stamp == StampedContent.NONE ? "" : ", each with a " + stamp.specName() + " stamped on")));
            try {
                Reconstruction result = invert(this);
                return outcome(result.images(), result.metrics(), null);
            } catch (ArithmeticException e) {
                NDArray partial = current == null ? null : current.bestImages();
                throw new RunFailure(e.getMessage(), outcome(partial, Map.of(), e.getMessage()));
            } finally {
                if (current != null) {
                    current.close();
                }
            }
        }

        RunOutcome outcome(NDArray images, Map<String, Object> extra, String note) {
            List<FloatImage> truth = batch.images();
            Map<String, Object> metrics = new LinkedHashMap<>();
            List<FloatImage> recon = images == null ? null : host(images);
            String text = note;
            if (recon != null) {
                BatchScore score = BatchScorer.score(truth, recon);
                metrics.put("mse", score.mse());
                metrics.put("psnr", score.psnr());
                metrics.put("ssim", score.ssim());
                if (text == null) {
                    text = String.format(Locale.ROOT, "reconstruction: PSNR %.2f dB, SSIM %.4f", score.psnr(),
                            score.ssim());
                }
            }
            metrics.putAll(extra);
            metrics.put("stamp", stamp.specName());
            metrics.put("iterations", driver.done());
            metrics.put("seconds", driver.seconds());
            return new RunOutcome(driver.done(), metrics, truth, recon, note == null, text);
        }

        /** Images (N, C, H, W) as host images, values clamped to [0, 1]. */
        List<FloatImage> host(NDArray images) {
            float[] pixels = images.toFloatArray();
            int size = batch.imageSize();
            List<FloatImage> out = new ArrayList<>(batch.count());
            for (int i = 0; i < batch.count(); i++) {
                float[] one = java.util.Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
                out.add(new FloatImage(batch.channels(), batch.height(), batch.width(), one).clamped());
            }
            return out;
        }
    }
}
