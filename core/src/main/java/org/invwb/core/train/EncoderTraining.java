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
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.Scalars;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.nn.Dcgan;
import org.invwb.core.nn.DcganGenerator;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.nn.LatentEncoder;
import org.invwb.core.nn.SafetensorsFile;
import org.invwb.core.nn.StateDict;
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
 * Trains the {@link LatentEncoder} that encoder-inversion starts from, on the GAN's own samples, as Zhu
 * et al. (ECCV 2016) train theirs: each step draws z ~ N(0, I), makes x = G(z) and encodes it, and
 * minimises α·MSE(E(x), z) + β·MSE(G(E(x)), x), the latent and the image reconstruction (In-Domain GAN
 * inversion trains on the image loss alone; the latent loss helps a small encoder find the right basin).
 * The generator is fixed, in eval mode. A fixed held-out set of 64 codes measures the PSNR of
 * G(E(G(z))) against G(z) as it trains; the encoder is written as {@code weights.safetensors}.
 */
final class EncoderTraining implements InversionMethod {

    static final String NAME = "train-encoder";
    private static final int HELD_OUT = 64;

    static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.integer("encoderWidth", LatentEncoder.DEFAULT_WIDTH, 1, 1024, "channels of the encoder's"
                    + " first convolution; then 2× and 4×"),
            ParamDecl.integer("iterations", 2000, 1, 10_000_000, "Adam steps, each on a fresh batch of samples"),
            ParamDecl.integer("batchSize", 64, 1, 65_536, "generator samples per step"),
            ParamDecl.real("lr", 1e-3, 0, 1, "Adam learning rate").paper("1e-3 (Adam's default)"),
            ParamDecl.real("latentWeight", 1, 0, 1e6, "weight α of MSE(E(G(z)), z)"),
            ParamDecl.real("imageWeight", 1, 0, 1e6, "weight β of MSE(G(E(G(z))), G(z))"),
            ParamDecl.integer("sampleEvery", 100, 1, 10_000_000, "steps between the held-out PSNR and the"
                    + " reconstructions shown").group("samples"));

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues gan = ctx.section("gan");
        ParamValues p = ctx.section("parameters");
        Dcgan networks = GanModelSpec.networks(gan);
        DcganGenerator generator = networks.generator();
        LatentEncoder encoder = new LatentEncoder(generator.channels(), generator.imageSize(), generator.latentSize(),
                p.getInt("encoderWidth"));
        SplittableRandom random = new SplittableRandom(ctx.spec().seed());
        StateDict ganWeights = GanModelSpec.weights(gan, networks, random.nextLong());
        StateDict initial = encoder.initialise(random.nextLong());
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            return new Loop(ctx, generator, encoder, Dcgan.generatorPart(ganWeights).toArrays(root),
                    initial.toArrays(root), root, random).run();
        }
    }

    private static final class Loop {

        private final RunContext ctx;
        private final DcganGenerator generator;
        private final LatentEncoder encoder;
        private final Map<String, NDArray> g;
        private final LinkedHashMap<String, NDArray> e;
        private final NDManager root;
        private final SplittableRandom random;
        private final float[] heldOut;
        private final ParamValues p;
        private final List<Double> heldOutPsnr = new ArrayList<>();
        private double loss;
        private int done;

        Loop(RunContext ctx, DcganGenerator generator, LatentEncoder encoder, Map<String, NDArray> g,
             LinkedHashMap<String, NDArray> e, NDManager root, SplittableRandom random) {
            this.ctx = ctx;
            this.generator = generator;
            this.encoder = encoder;
            this.g = g;
            this.e = e;
            this.root = root;
            this.random = random;
            this.heldOut = gaussian(new SplittableRandom(random.nextLong()), HELD_OUT * generator.latentSize());
            this.p = ctx.section("parameters");
        }

        RunOutcome run() throws Exception {
            int iterations = p.getInt("iterations");
            ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT, "training a %d-parameter encoder"
                    + " on the GAN's samples: %d steps of %d", StateDict.of(e).parameterCount(), iterations,
                    p.getInt("batchSize"))));
            long start = System.nanoTime();
            try (Adam adam = Adam.withDefaults(root, p.getDouble("lr"))) {
                while (done < iterations) {
                    try {
                        ctx.control().checkpoint();
                    } catch (CancelledException c) {
                        writeWeights();
                        throw new CancelledException(outcome("cancelled after " + done + " steps; the weights"
                                + " reached so far are in " + WeightSources.RUN_FOLDER_FILE, start));
                    }
                    Map<String, Double> scalars = step(adam);
                    if (!Double.isFinite(scalars.get("loss"))) {
                        String reason = String.format(Locale.ROOT, "the loss became %s at step %d; try a smaller lr"
                                + " than %s", scalars.get("loss"), done + 1, p.getDouble("lr"));
                        throw new RunFailure(reason, outcome(reason, start));
                    }
                    done++;
                    loss = scalars.get("loss");
                    if (done % p.getInt("sampleEvery") == 0 || done == iterations) {
                        scalars.put("heldOutPsnr", evaluate());
                        ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT,
                                "step %d/%d: loss %.4f, held-out PSNR %.2f dB", done, iterations, loss,
                                scalars.get("heldOutPsnr"))));
                    }
                    ctx.events().accept(new Progress(done, scalars));
                }
            }
            writeWeights();
            return outcome(String.format(Locale.ROOT, "trained %d steps: held-out PSNR of G(E(G(z))) %.2f dB",
                    done, heldOutPsnr.get(heldOutPsnr.size() - 1)), start);
        }

        private Map<String, Double> step(Adam adam) {
            int batch = p.getInt("batchSize");
            float[] codes = gaussian(random, batch * generator.latentSize());
            try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray z = StagingBuffer.uploadOnThisThread(m, codes, new Shape(batch, generator.latentSize()));
                NDArray x = generator.generate(g, z).stopGradient();
                LinkedHashMap<String, NDArray> bound = new LinkedHashMap<>();
                List<NDArray> leaves = new ArrayList<>();
                for (Map.Entry<String, NDArray> entry : e.entrySet()) {
                    NDArray leaf = entry.getValue().stopGradient();
                    leaf.attach(m);
                    leaf.setRequiresGradient(true);
                    bound.put(entry.getKey(), leaf);
                    leaves.add(leaf);
                }
                NDArray code = encoder.encode(bound, x);
                NDArray latentLoss = code.sub(z).square().mean();
                NDArray imageLoss = generator.generate(g, code).sub(x).square().mean();
                NDArray total = Scalars.times(latentLoss, p.getDouble("latentWeight"))
                        .add(Scalars.times(imageLoss, p.getDouble("imageWeight")));
                List<NDArray> grads = Autograd.grad(total, leaves, false);
                float[] host = ai.djl.ndarray.NDArrays.stack(new ai.djl.ndarray.NDList(total, latentLoss, imageLoss))
                        .toFloatArray();
                if (Float.isFinite(host[0])) {
                    adam.step(new ArrayList<>(e.values()), grads);
                }
                Map<String, Double> scalars = new LinkedHashMap<>();
                scalars.put("loss", (double) host[0]);
                scalars.put("latentLoss", (double) host[1]);
                scalars.put("imageLoss", (double) host[2]);
                return scalars;
            }
        }

        /** Mean PSNR of G(E(G(z))) against G(z) over the held-out codes; shows those reconstructions. */
        private double evaluate() {
            try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray z = StagingBuffer.uploadOnThisThread(m, heldOut, new Shape(HELD_OUT, generator.latentSize()));
                NDArray x = generator.generate(g, z);
                NDArray back = generator.generate(g, encoder.encode(e, x));
                float[] mse = back.sub(x).square().reshape(HELD_OUT, -1).mean(new int[] {1}).toFloatArray();
                double psnr = 0;
                for (float v : mse) {
                    psnr += 10 * Math.log10(1 / Math.max(v, 1e-10)) / HELD_OUT;
                }
                heldOutPsnr.add(psnr);
                if (ctx.snapshotEvery() > 0) {
                    ctx.events().accept(new Snapshot(done, images(back)));
                }
                return psnr;
            }
        }

        private List<FloatImage> images(NDArray batch) {
            float[] pixels = batch.toFloatArray();
            int c = generator.channels();
            int s = generator.imageSize();
            List<FloatImage> out = new ArrayList<>();
            for (int i = 0; i < HELD_OUT; i++) {
                out.add(new FloatImage(c, s, s, java.util.Arrays.copyOfRange(pixels, i * c * s * s, (i + 1) * c * s * s)));
            }
            return out;
        }

        private void writeWeights() {
            StateDict weights = StateDict.of(e);
            ctx.events().accept(new Artifact(WeightSources.RUN_FOLDER_FILE, file -> SafetensorsFile.save(file, weights)));
        }

        private RunOutcome outcome(String note, long start) {
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("loss", loss);
            metrics.put("heldOutPsnr", heldOutPsnr.isEmpty() ? Double.NaN : heldOutPsnr.get(heldOutPsnr.size() - 1));
            metrics.put("heldOutPsnrCurve", List.copyOf(heldOutPsnr));
            metrics.put("iterations", done);
            metrics.put("parameters", StateDict.of(e).parameterCount());
            metrics.put("trainSeconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
            return new RunOutcome(done, metrics, null, null, done == p.getInt("iterations"), note);
        }

        private static float[] gaussian(SplittableRandom random, int n) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) random.nextGaussian();
            }
            return x;
        }
    }
}
