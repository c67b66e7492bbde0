package org.invwb.core.attack.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.ScopedStep;
import org.invwb.core.metrics.ImageMetrics;
import org.invwb.core.nn.diffusion.DdimGrid;
import org.invwb.core.nn.diffusion.DiffusionImages;
import org.invwb.core.nn.diffusion.DiffusionModel;
import org.invwb.core.nn.diffusion.DiffusionModelSpec;
import org.invwb.core.nn.diffusion.NoiseSchedule;
import org.invwb.core.run.CancelledException;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.IterationDriver;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.Snapshot;
import org.invwb.core.run.SpecException;

/**
 * What the solvers of inverse problems with a diffusion prior share: degrade the data's images with
 * the {@link Degradation} (y = A(x) + σ_y·n, mask and noise drawn from the seed), hand y to the
 * solver, and score its estimate and the degraded input (the baseline) against the originals.
 * Iteration i is the solver's i-th timestep, from the noisiest down; each reports the data fit
 * ‖y − A(x̂)‖²/M (M measurements; the truth scores about σ_y²) and the PSNR/SSIM of the current
 * estimate x̂, which the snapshots show; snapshot 0 is the degraded input.
 */
abstract class InverseProblem implements InversionMethod {

    static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("source", "bundled:mnist-test", "images to degrade and restore: bundled:NAME, a folder of"
                    + " images, an IDX folder or a CIFAR .bin file"),
            DiffusionInversion.DATA.find("index"),
            ParamDecl.integer("count", 1, 1, 256, "images degraded and restored together"));

    static final ParamDecl CLASS_LABEL = ParamDecl.integer("classLabel", -1, -1, 100_000, "class the prior is"
            + " conditioned on: −1 for the null class (the unconditional model), as the papers' priors are");

    /** The timesteps a solver visits, from the noisiest, and the state it needs as it goes. */
    final class Solve {

        final RunContext ctx;
        final DiffusionModel model;
        final Degradation degradation;
        final DdimGrid grid;
        final NDManager root;
        final SplittableRandom random;
        final int[] labels;
        final NDArray y;
        /** N×C×H×W of the images. */
        final Shape shape;
        private final List<FloatImage> truth;
        private final IterationDriver driver;
        private double dataFit = Double.NaN;

        Solve(RunContext ctx, DiffusionModel model, Degradation degradation, DdimGrid grid, NDManager root,
              SplittableRandom random, int[] labels, NDArray y, List<FloatImage> truth, List<FloatImage> baseline) {
            this.ctx = ctx;
            this.model = model;
            this.degradation = degradation;
            this.grid = grid;
            this.root = root;
            this.random = random;
            this.labels = labels;
            this.y = y;
            this.truth = truth;
            this.driver = ctx.driver((done, note) -> outcome(this, truth, baseline, null, note));
            FloatImage first = truth.get(0);
            this.shape = new Shape(truth.size(), first.channels(), first.height(), first.width());
        }

        /** Runs {@code body} in its own manager and scope, keeping only the arrays it returns, moved to the run's. */
        NDArray[] step(Function<NDManager, NDArray[]> body) {
            return ScopedStep.keep(root, body);
        }

        /** ‖y − A(x)‖², summed over the batch, as a scalar array of x's manager; differentiable in x. */
        NDArray residualSquares(NDArray x) {
            // A(x) first, so the result belongs to x's (per-step) manager rather than y's
            return degradation.apply(x).sub(y).square().sum();
        }

        /**
         * Reports the estimate {@code estimate} reached at grid point {@code k}'s step: progress (timestep,
         * data fit, PSNR/SSIM) and, when wanted, a snapshot; checks for pause and cancel.
         */
        void reached(int k, NDArray estimate) throws CancelledException {
            driver.checkpoint();
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                dataFit = residualSquares(estimate).toType(DataType.FLOAT64, false).getDouble() / measurements();
            }
            List<FloatImage> images = DiffusionImages.toImages(estimate);
            Map<String, Double> scalars = new LinkedHashMap<>();
            scalars.put("timestep", (double) grid.timestep(k));
            scalars.put("dataFit", dataFit);
            scalars.put("psnr", psnr(truth, images));
            scalars.put("ssim", ssim(truth, images));
            driver.completed(scalars, () -> images);
        }

        /** Measurements over the batch, the M of the data fit. */
        double measurements() {
            return (double) degradation.measurementsPerImage() * truth.size();
        }
    }

    /** The estimate of x (in [−1, 1]) from {@code solve.y}, reporting each step through {@link Solve#reached}. */
    abstract NDArray solve(Solve solve) throws Exception;

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues p = ctx.section("parameters");
        ParamValues m = ctx.section("model");
        NoiseSchedule schedule = DiffusionModelSpec.schedule(m);
        int steps = p.getInt("steps");
        if (steps > schedule.steps()) {
            throw new SpecException("parameters.steps", steps + " steps, but the model has only "
                    + schedule.steps() + " timesteps");
        }
        SplittableRandom random = new SplittableRandom(ctx.spec().seed());
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()));
             DiffusionModel model = DiffusionModelSpec.load(m, root, DataType.FLOAT32)) {
            ImageBatch batch = DiffusionInversion.images(ctx.section("data"), model, false);
            int classLabel = p.getInt("classLabel");
            if (classLabel >= model.numClasses()) {
                throw new SpecException("parameters.classLabel", "class " + classLabel + " is outside 0.."
                        + (model.numClasses() - 1) + " (or −1 for the unconditional model)");
            }
            int[] labels = new int[batch.count()];
            // the class index numClasses is the null class, the unconditional model
            Arrays.fill(labels, classLabel < 0 ? model.numClasses() : classLabel);
            ParamValues d = ctx.section("degradation");
            Degradation degradation = Degradation.of(d, model.channels(), model.imageSize(), random, root);
            NDArray y = degradation.measure(DiffusionImages.toModel(batch, root, model.type()), random);
            List<FloatImage> truth = batch.images();
            List<FloatImage> baseline = DiffusionImages.toImages(degradation.baseline(y));
            Solve solve = new Solve(ctx, model, degradation, new DdimGrid(schedule, steps), root, random, labels, y,
                    truth, baseline);
            ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT,
                    "%s of %d image(s), σ_y %.3g, %d steps; degraded input: PSNR %.2f dB", degradation.task(),
                    batch.count(), degradation.sigma(), steps, psnr(truth, baseline))));
            if (ctx.snapshotEvery() > 0) {
                // iteration 0 shows the degraded input, so a viewer can compare it with every estimate
                ctx.events().accept(new Snapshot(0, baseline));
            }
            NDArray estimate = solve(solve);
            if (!Double.isFinite(estimate.toType(DataType.FLOAT64, false).sum().getDouble())) {
                throw solve.driver.failure("the estimate is not finite: the solver diverged (lower the step size)");
            }
            return outcome(solve, truth, baseline, DiffusionImages.toImages(estimate), null);
        }
    }

    private RunOutcome outcome(Solve solve, List<FloatImage> truth, List<FloatImage> baseline,
                               List<FloatImage> recon, String note) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        double baselinePsnr = psnr(truth, baseline);
        if (recon != null) {
            double mse = 0;
            for (int i = 0; i < truth.size(); i++) {
                mse += ImageMetrics.mse(truth.get(i), recon.get(i)) / truth.size();
            }
            double psnr = psnr(truth, recon);
            metrics.put("mse", mse);
            metrics.put("psnr", psnr);
            metrics.put("ssim", ssim(truth, recon));
            metrics.put("psnrGain", psnr - baselinePsnr);
            metrics.put("dataFit", solve.dataFit);
        }
        metrics.put("baselinePsnr", baselinePsnr);
        metrics.put("baselineSsim", ssim(truth, baseline));
        metrics.put("task", solve.degradation.task());
        metrics.put("sigmaY", solve.degradation.sigma());
        metrics.put("steps", solve.grid.steps());
        metrics.put("seconds", solve.driver.seconds());
        String text = note != null ? note : String.format(Locale.ROOT,
                "%s: PSNR %.2f dB (degraded input %.2f dB), SSIM %.4f (input %.4f)", solve.degradation.task(),
                (Double) metrics.get("psnr"), baselinePsnr, (Double) metrics.get("ssim"), metrics.get("baselineSsim"));
        return new RunOutcome(solve.driver.done(), metrics, truth, recon, recon != null, text);
    }

    private static double psnr(List<FloatImage> truth, List<FloatImage> images) {
        double s = 0;
        for (int i = 0; i < truth.size(); i++) {
            s += ImageMetrics.psnr(truth.get(i), images.get(i)) / truth.size();
        }
        return s;
    }

    private static double ssim(List<FloatImage> truth, List<FloatImage> images) {
        double s = 0;
        for (int i = 0; i < truth.size(); i++) {
            s += ImageMetrics.ssim(truth.get(i), images.get(i)) / truth.size();
        }
        return s;
    }
}
