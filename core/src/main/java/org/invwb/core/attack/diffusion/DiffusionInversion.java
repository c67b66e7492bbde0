package org.invwb.core.attack.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.invwb.core.engine.Scalars;
import org.invwb.core.data.DataException;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.ScopedStep;
import org.invwb.core.metrics.ImageMetrics;
import org.invwb.core.nn.diffusion.DdimGrid;
import org.invwb.core.nn.diffusion.DiffusionImages;
import org.invwb.core.nn.diffusion.DiffusionModel;
import org.invwb.core.nn.diffusion.DiffusionModelSpec;
import org.invwb.core.nn.diffusion.NoiseSchedule;
import org.invwb.core.run.InputImages;
import org.invwb.core.run.CancelledException;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.IterationDriver;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.PlannedIterations;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.SpecException;

/**
 * What every diffusion inversion shares: take images (with their classes) to the noise that generates
 * them on a DDIM grid, regenerate from that noise, and score the round trip. Iterations 1..S are the
 * inversion steps (x_0 → x_S), S+1..2S the regeneration steps (x_S → x_0); each emits its timestep
 * and, while regenerating, the drift: the RMS distance between the regenerated x_k and the x_k the
 * inversion passed through. Every step's x_k is a snapshot, so a viewer can scrub the trajectory.
 *
 * <p>Subclasses give the two directions; this class owns the data, the model, the events and the score.
 */
abstract class DiffusionInversion implements InversionMethod {

    static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("source", "bundled:mnist-test", "labelled images to invert: bundled:NAME, a folder with one"
                    + " sub-folder per class, an IDX folder or a CIFAR .bin file"),
            ParamDecl.integer("index", 0, 0, 100_000_000, "position of the first image in the source"),
            ParamDecl.integer("count", 1, 1, 256, "images inverted together"));

    static final ParamDecl STEPS = ParamDecl.integer("steps", 50, 1, 10_000, "DDIM steps S between the image and the"
            + " noise").paper("50");
    /** S inversion steps, then S regeneration steps. */
    static final PlannedIterations PLAN = spec -> PlannedIterations.capped(2L * spec.section("parameters").getInt("steps"));
    static final ParamDecl TARGET_CLASS = ParamDecl.integer("targetClass", -1, -1, 100_000, "class to regenerate"
            + " with: −1 for each image's own class (a round trip), another class for an edit");

    static ParamDecl guidance(double def, String paper) {
        ParamDecl d = ParamDecl.real("guidance", def, 0, 100, "classifier-free guidance scale w of inversion and"
                + " regeneration: ε(∅) + w·(ε(c) − ε(∅)); 1 is the conditional model alone");
        return paper == null ? d : d.paper(paper);
    }

    static ParamDecl precision(String def, String paper) {
        ParamDecl d = ParamDecl.choice("precision", def, DiffusionModelSpec.PRECISIONS,
                "arithmetic of the model and the trajectories");
        return paper == null ? d : d.paper(paper);
    }

    /** Sees each state of the main sequence: point k of the grid and x_k there. */
    interface Trace {
        void at(int k, NDArray x) throws CancelledException;
    }

    /** The noise an inversion ends at, in whatever form its regeneration needs; its arrays are the run's. */
    interface Latent {
        /** x_S, the noise of the main sequence. */
        NDArray noise();
    }

    /** Inverts {@code x0} (in [−1, 1]) to its latent, calling {@code trace} at every grid point 1..S in order. */
    abstract Latent invert(Inversion run, NDArray x0, Trace trace) throws Exception;

    /** Regenerates from {@code latent} with {@code labels}, calling {@code trace} at every point S−1..0 in order. */
    abstract NDArray regenerate(Inversion run, Latent latent, int[] labels, Trace trace) throws Exception;

    /** Extra figures of the method for the report (null-text's inner steps, say). */
    void addMetrics(Map<String, Object> metrics) {
    }

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues p = ctx.section("parameters");
        NoiseSchedule schedule = DiffusionModelSpec.schedule(ctx.section("model"));
        int steps = p.getInt("steps");
        if (steps > schedule.steps()) {
            throw new SpecException("parameters.steps", steps + " DDIM steps, but the model has only "
                    + schedule.steps() + " timesteps");
        }
        DataType type = DiffusionModel.precision(p.getString("precision"));
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()));
             DiffusionModel model = DiffusionModelSpec.load(ctx.section("model"), root, type)) {
            requireModel(model);
            ImageBatch batch = images(ctx.section("data"), model, true);
            int[] target = targets(p.getInt("targetClass"), batch, model);
            Inversion run = new Inversion(ctx, model, new DdimGrid(schedule, steps), root, batch);
            return run.execute(target);
        }
    }

    /** Refuses a model the method cannot work with (null-text needs the class embedding); all others take any. */
    void requireModel(DiffusionModel model) throws SpecException {
    }

    /**
     * The images a run works on, read from its spec alone (the model section's channels and size): what the
     * window shows as ground truth from the run's start, as the run scores against them.
     */
    static final InputImages INPUT = spec -> {
        ParamValues model = spec.section("model");
        return picked(spec.section("data"), model.getInt("channels"), model.getInt("imageSize")).images();
    };

    /** The images a {@link #DATA} section picks, resized for {@code model}; with {@code labelled}, their classes too. */
    static ImageBatch images(ParamValues data, DiffusionModel model, boolean labelled)
            throws SpecException, DataException {
        ImageBatch batch = picked(data, model.channels(), model.imageSize());
        if (!labelled) {
            return batch;
        }
        String source = data.getString("source");
        if (!batch.labeled()) {
            throw new SpecException("data.source", source + " has no labels; a class-conditional inversion needs"
                    + " each image's class");
        }
        for (int label : batch.labels()) {
            if (label >= model.numClasses()) {
                throw new SpecException("model.numClasses", source + " has label " + label
                        + ", but the model knows " + model.numClasses() + " classes");
            }
        }
        return batch;
    }

    /** Images {@code data.index} .. + {@code data.count} of {@code data.source}, at {@code channels} × size × size. */
    private static ImageBatch picked(ParamValues data, int channels, int size) throws SpecException, DataException {
        String source = data.getString("source");
        ImageBatch all = ImageSources.load(source, channels, size, size);
        int index = data.getInt("index");
        int count = data.getInt("count");
        if (index + count > all.count()) {
            throw new SpecException("data.index", "images " + index + ".." + (index + count - 1) + " asked for, but "
                    + source + " holds " + all.count());
        }
        int[] picked = new int[count];
        for (int i = 0; i < count; i++) {
            picked[i] = index + i;
        }
        return all.subset(picked);
    }

    private static int[] targets(int targetClass, ImageBatch batch, DiffusionModel model) throws SpecException {
        if (targetClass >= model.numClasses()) {
            throw new SpecException("parameters.targetClass", "class " + targetClass + " is outside 0.."
                    + (model.numClasses() - 1) + " (or −1 for each image's own class)");
        }
        int[] out = batch.labels().clone();
        if (targetClass >= 0) {
            Arrays.fill(out, targetClass);
        }
        return out;
    }

    /** One inversion run: the model, the grid, the images, and the trajectory recorded so far. */
    final class Inversion {

        final RunContext ctx;
        final DiffusionModel model;
        final DdimGrid grid;
        final NDManager root;
        final ImageBatch batch;
        final int[] labels;
        final double guidance;
        private final double[][] inverted;
        private final List<Double> drift = new ArrayList<>();
        private final Map<String, Double> notes = new LinkedHashMap<>();
        private IterationDriver driver;

        Inversion(RunContext ctx, DiffusionModel model, DdimGrid grid, NDManager root, ImageBatch batch) {
            this.ctx = ctx;
            this.model = model;
            this.grid = grid;
            this.root = root;
            this.batch = batch;
            this.labels = batch.labels().clone();
            this.guidance = ctx.section("parameters").getDouble("guidance");
            this.inverted = new double[grid.steps() + 1][];
        }

        RunOutcome execute(int[] target) throws Exception {
            ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT,
                    "inverting %d image(s) over %d DDIM steps, guidance %.2f, %s", batch.count(), grid.steps(),
                    guidance, model.type().name().toLowerCase(Locale.ROOT))));
            // every state of the trajectory is shown, not only those at the snapshot cadence
            driver = ctx.driver((done, note) -> outcome(null, null, target, note)).snapshotEveryIteration();
            NDArray x0 = DiffusionImages.toModel(batch, root, model.type());
            inverted[0] = values(x0);
            Latent latent = invert(this, x0, (k, x) -> record(k, x, true));
            NDArray reconstruction = regenerate(this, latent, target, (k, x) -> record(k, x, false));
            if (!isFinite(reconstruction)) {
                throw driver.failure("the regenerated image is not finite: the inversion diverged");
            }
            return outcome(latent.noise(), reconstruction, target, null);
        }

        /** A pause point inside a traced step (a method's inner optimisation); cancels with what was reached. */
        void checkpoint() throws CancelledException {
            driver.checkpoint();
        }

        /** Runs {@code body} in its own manager and scope, keeping only the arrays it returns, moved to the run's. */
        NDArray[] step(Function<NDManager, NDArray[]> body) {
            return ScopedStep.keep(root, body);
        }

        /** Adds {@code value} to the scalars of the next traced step (a method's own per-step figure). */
        void note(String name, double value) {
            notes.put(name, value);
        }

        /** The deterministic DDIM move of {@code x} from grid point {@code from} to {@code to} given ε. */
        NDArray move(NDArray x, NDArray eps, int from, int to) {
            double[] ab = grid.move(from, to);
            // null-text differentiates through this step: constants must outlive the graph (see Scalars)
            return Scalars.times(x, ab[0]).addi(Scalars.times(eps, ab[1]));
        }

        private void record(int k, NDArray x, boolean inverting) throws CancelledException {
            driver.checkpoint();
            double[] v = values(x);
            Map<String, Double> scalars = new LinkedHashMap<>();
            scalars.put("timestep", (double) (k == 0 ? -1 : grid.timestep(k)));
            if (inverting) {
                inverted[k] = v;
                scalars.put("std", std(v));
            } else {
                double d = rms(v, inverted[k]);
                drift.add(d);
                scalars.put("drift", d);
            }
            scalars.putAll(notes);
            notes.clear();
            driver.completed(scalars, () -> DiffusionImages.toImages(x));
        }

        private RunOutcome outcome(NDArray noise, NDArray reconstruction, int[] target, String note) {
            Map<String, Object> metrics = new LinkedHashMap<>();
            List<FloatImage> truth = batch.images();
            List<FloatImage> recon = null;
            boolean roundTrip = Arrays.equals(target, labels);
            if (reconstruction != null) {
                recon = DiffusionImages.toImages(reconstruction);
                double mse = 0;
                double psnr = 0;
                double ssim = 0;
                for (int i = 0; i < truth.size(); i++) {
                    double e = ImageMetrics.mse(truth.get(i), recon.get(i));
                    mse += e / truth.size();
                    psnr += ImageMetrics.psnr(truth.get(i), recon.get(i)) / truth.size();
                    ssim += ImageMetrics.ssim(truth.get(i), recon.get(i)) / truth.size();
                }
                metrics.put("mse", mse);
                metrics.put("psnr", psnr);
                metrics.put("ssim", ssim);
                // in the model's own arithmetic, unclamped, in pixel units ([0, 1] is half of [−1, 1])
                double[] r = values(reconstruction);
                double squares = 0;
                double worst = 0;
                for (int i = 0; i < r.length; i++) {
                    double d = (r[i] - inverted[0][i]) / 2;
                    squares += d * d;
                    worst = Math.max(worst, Math.abs(d));
                }
                metrics.put("roundTripMse", squares / r.length);
                metrics.put("maxAbsError", worst);
                metrics.put("noiseStd", std(values(noise)));
            }
            metrics.put("roundTrip", roundTrip);
            metrics.put("steps", grid.steps());
            metrics.put("guidance", guidance);
            metrics.put("precision", model.type().name().toLowerCase(Locale.ROOT));
            metrics.put("drift", List.copyOf(drift));
            addMetrics(metrics);
            metrics.put("seconds", driver.seconds());
            String text = note != null ? note : String.format(Locale.ROOT, "%s: MSE %.3g, PSNR %.2f dB, SSIM %.4f",
                    roundTrip ? "round trip" : "edit", (Double) metrics.get("mse"), (Double) metrics.get("psnr"),
                    (Double) metrics.get("ssim"));
            return new RunOutcome(driver.done(), metrics, truth, recon, reconstruction != null, text);
        }
    }

    static double[] values(NDArray x) {
        return x.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static boolean isFinite(NDArray x) {
        for (double v : values(x)) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static double rms(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }

    private static double std(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / v.length);
    }
}
