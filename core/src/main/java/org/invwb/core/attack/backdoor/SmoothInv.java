package org.invwb.core.attack.backdoor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.nn.Network;
import org.invwb.core.optim.Sgd;
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
 * SmoothInv (Sun and Kolter, "Single Image Backdoor Inversion via Robust Smoothed Classifiers",
 * CVPR 2023), after the authors' code (github.com/locuslab/smoothinv, {@code smoothinv.py} and
 * {@code DRM.py} without the diffusion denoiser): from one clean image x, the Gaussian-smoothed
 * classifier g(x) = mean over n draws of softmax f(x + σ·ε) is pushed toward the target class by
 * minimising −log g(x + δ)[target]. Each step divides δ's gradient by its L2 norm, takes an SGD step
 * with momentum 0.9 (the step size halves every 300 steps), keeps x + δ in [0, 1] and δ within an L2
 * ball of radius ε. The paper's ε = 10 is for 3×224×224 images; here it is scaled by
 * √(pixels / (3·224·224)) so the per-pixel budget is the paper's. The perturbation δ is the recovered
 * trigger; its score is the attack success rate of clamp(x' + δ, 0, 1) over held-out clean images x'
 * not of the target class.
 */
final class SmoothInv implements InversionMethod {

    static final String NAME = "smoothinv";
    /** The input size the paper's budget ε is stated for (ImageNet-size 224×224 colour images). */
    static final int PAPER_DIMENSIONS = 3 * 224 * 224;

    static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("source", "bundled:mnist-test", "clean labelled images: bundled:NAME, a folder with one"
                    + " sub-folder per class, an IDX folder or a CIFAR .bin file"),
            ParamDecl.integer("index", 0, 0, 100_000_000, "position of the single clean image the trigger is"
                    + " synthesised from"),
            ParamDecl.integer("heldOut", 0, 0, 100_000_000, "held-out images the success rate is measured on, the"
                    + " first of the source other than the one at index; 0 for all others"));

    static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.integer("targetClass", 0, 0, 100_000, "the backdoor's target class, which the synthesis aims"
                    + " at (SmoothInv assumes it known)"),
            ParamDecl.real("sigma", 0.25, 0, 10, "σ: standard deviation of the smoothing noise, on pixels in [0, 1]")
                    .paper("0.25 (main_vis.py default)").group("smoothing"),
            ParamDecl.integer("samples", 40, 1, 100_000, "noise draws n averaged per step")
                    .paper("40 (num_noise_vec)").group("smoothing"),
            ParamDecl.integer("steps", 400, 1, 1_000_000, "synthesis steps").paper("400"),
            ParamDecl.real("epsilon", 10, 0, 1e6, "L2 budget of δ as the paper states it for 3×224×224 images;"
                    + " scaled by √(pixels / 150528) to this image size").paper("10 (also 5)"),
            ParamDecl.real("stepSize", 0.05, 0, 1e3, "SGD step size as a fraction of the scaled budget ε")
                    .paper("0.05 (step_size = 0.5·eps/10)"),
            ParamDecl.real("momentum", 0.9, 0, 0.9999, "SGD momentum").paper("0.9"),
            ParamDecl.integer("decayEvery", 300, 1, 1_000_000, "steps between halvings of the step size")
                    .paper("300 (StepLR step_size)"),
            ParamDecl.real("decay", 0.5, 0, 1, "factor the step size is multiplied by every decayEvery steps")
                    .paper("0.5 (StepLR gamma)"),
            PixelRange.PARAMETER);

    /** One iteration per step. */
    static final PlannedIterations PLAN = PlannedIterations.field("parameters", "steps");

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        try (SuspectModel suspect = SuspectModel.load(ctx)) {
            return run(ctx, suspect);
        }
    }

    private RunOutcome run(RunContext ctx, SuspectModel suspect) throws Exception {
        ParamValues p = ctx.section("parameters");
        ParamValues data = ctx.section("data");
        Network network = suspect.network();
        ImageBatch all = suspect.clean();
        int target = p.getInt("targetClass");
        if (target >= network.numClasses()) {
            throw new SpecException("parameters.targetClass", target + " is not a class of a model with "
                    + network.numClasses() + " classes (0 to " + (network.numClasses() - 1) + ")");
        }
        int index = data.getInt("index");
        if (index >= all.count()) {
            throw new SpecException("data.index", index + " is past the last image of " + data.getString("source")
                    + " (" + all.count() + " images)");
        }
        ImageBatch heldOut = heldOut(all, index, data.getInt("heldOut"));
        float[] x = all.image(index).pixels();
        int dims = x.length;
        double epsilon = p.getDouble("epsilon") * Math.sqrt(dims / (double) PAPER_DIMENSIONS);
        double stepSize = p.getDouble("stepSize") * epsilon;
        int samples = p.getInt("samples");
        double sigma = p.getDouble("sigma");
        int steps = p.getInt("steps");
        SplittableRandom random = new SplittableRandom(ctx.spec().seed());
        random.nextLong(); // the model's draw, as in every run
        SplittableRandom noise = random.split();
        Shape one = new Shape(1, all.channels(), all.height(), all.width());
        Shape batch = new Shape(samples, all.channels(), all.height(), all.width());
        float[] delta = new float[dims];
        float[] noisy = new float[samples * dims];
        StagingBuffer upload = new StagingBuffer();
        ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT, "budget ε %.4f for %d pixel values"
                + " (paper's %.1f at %d), step size %.4f; %d held-out images", epsilon, dims, p.getDouble("epsilon"),
                PAPER_DIMENSIONS, stepSize, heldOut.count())));
        double loss = Double.NaN;
        double probability = Double.NaN;
        int done = 0;
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()));
             Sgd sgd = new Sgd(root, stepSize, p.getDouble("momentum"), 0, false)) {
            Map<String, NDArray> params = suspect.weights().toArrays(root);
            NDArray deltaParam = root.zeros(one);
            for (int step = 0; step < steps; step++) {
                try {
                    ctx.control().checkpoint();
                } catch (CancelledException e) {
                    throw new CancelledException(outcome(suspect, x, delta, heldOut, target, epsilon, done, loss,
                            probability, false, "cancelled after " + done + " steps"));
                }
                // StepLR: the rate of this step is the initial one halved once per decayEvery steps already done
                sgd.setLearningRate(stepSize * Math.pow(p.getDouble("decay"), step / p.getInt("decayEvery")));
                for (int s = 0; s < samples; s++) {
                    for (int i = 0; i < dims; i++) {
                        noisy[s * dims + i] = x[i] + (float) (sigma * noise.nextGaussian());
                    }
                }
                try (NDManager m = root.newSubManager();
                     NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray leaf = deltaParam.stopGradient();
                    leaf.attach(m);
                    leaf.setRequiresGradient(true);
                    // x + σ·ε per draw, then + δ: the noise batch first so the result is per-iteration
                    NDArray input = upload.upload(m, noisy, batch).add(leaf);
                    NDArray probabilities = network.forward(params, suspect.range().toModel(input), false)
                            .softmax(1).mean(new int[] {0});
                    NDArray targetProbability = probabilities.get(target);
                    NDArray objective = targetProbability.maximum(1e-20f).log().neg();
                    loss = objective.getFloat();
                    probability = targetProbability.getFloat();
                    if (!Double.isFinite(loss)) {
                        String reason = "SmoothInv's loss became " + loss + " at step " + (step + 1);
                        throw new RunFailure(reason, outcome(suspect, x, delta, heldOut, target, epsilon, done, loss,
                                probability, false, reason));
                    }
                    NDArray grad = Autograd.grad(objective, leaf);
                    double norm = grad.norm().getFloat();
                    // the gradient's direction only; a zero gradient moves nothing
                    NDArray direction = norm > 0 ? grad.div((float) norm) : grad.zerosLike();
                    sgd.step(List.of(deltaParam), List.of(direction));
                    project(deltaParam.toFloatArray(), x, epsilon, delta);
                    deltaParam.set(delta);
                }
                done = step + 1;
                Map<String, Double> scalars = new LinkedHashMap<>();
                scalars.put("loss", loss);
                scalars.put("targetProbability", probability);
                scalars.put("perturbationNorm", l2(delta));
                scalars.put("stepSize", sgd.learningRate());
                ctx.events().accept(new Progress(done, scalars));
                if (ctx.wantsSnapshot(done)) {
                    ctx.events().accept(new Snapshot(done, List.of(stamped(x, delta, all), visible(delta, all))));
                }
            }
        }
        return outcome(suspect, x, delta, heldOut, target, epsilon, done, loss, probability, true, null);
    }

    /** Keeps x + δ in [0, 1], then scales δ into the L2 ball of radius ε as torch's renorm does. */
    static void project(float[] stepped, float[] x, double epsilon, float[] out) {
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0f, Math.min(1f, x[i] + stepped[i])) - x[i];
            sum += (double) out[i] * out[i];
        }
        double norm = Math.sqrt(sum);
        if (norm > epsilon) {
            float scale = (float) (epsilon / (norm + 1e-7));
            for (int i = 0; i < out.length; i++) {
                out[i] *= scale;
            }
        }
    }

    private static ImageBatch heldOut(ImageBatch all, int index, int count) throws SpecException {
        int available = all.count() - 1;
        if (count > available) {
            throw new SpecException("data.heldOut", count + " held-out images asked for, but the source has only "
                    + available + " besides the one at data.index");
        }
        int n = count == 0 ? available : count;
        int[] picked = new int[n];
        for (int i = 0, j = 0; i < n; j++) {
            if (j != index) {
                picked[i++] = j;
            }
        }
        return all.subset(picked);
    }

    private static RunOutcome outcome(SuspectModel suspect, float[] x, float[] delta, ImageBatch heldOut, int target,
                                      double epsilon, int steps, double loss, double probability, boolean finished,
                                      String note) {
        ImageStamp additive = (pixels, offset) -> {
            for (int i = 0; i < delta.length; i++) {
                pixels[offset + i] = Math.max(0f, Math.min(1f, pixels[offset + i] + delta[i]));
            }
        };
        ImageBatch inRange = suspect.range().toModel(AttackSuccess.stamped(heldOut, target, additive));
        double asr = org.invwb.core.nn.Evaluation.accuracy(suspect.network(), suspect.weights(), inRange);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("attackSuccessRate", asr);
        metrics.put("heldOutImages", inRange.count());
        metrics.put("targetProbability", probability);
        metrics.put("loss", loss);
        metrics.put("perturbationNorm", l2(delta));
        metrics.put("epsilon", epsilon);
        metrics.put("targetClass", target);
        ImageBatch all = suspect.clean();
        FloatImage clean = new FloatImage(all.channels(), all.height(), all.width(), x.clone());
        FloatImage firstHeldOut = heldOut.image(0);
        List<FloatImage> truth = List.of(clean, firstHeldOut);
        List<FloatImage> recovered = List.of(stamped(x, delta, all), stamped(firstHeldOut.pixels(), delta, all));
        String summary = note != null ? note : String.format(Locale.ROOT, "recovered trigger (L2 norm %.3f of"
                + " budget %.3f) sends %.1f%% of %d held-out images to class %d", l2(delta), epsilon, 100 * asr,
                inRange.count(), target);
        return new RunOutcome(steps, metrics, truth, recovered, finished, summary);
    }

    private static FloatImage stamped(float[] x, float[] delta, ImageBatch like) {
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0f, Math.min(1f, x[i] + delta[i]));
        }
        return new FloatImage(like.channels(), like.height(), like.width(), out);
    }

    /** δ shown around mid-grey, scaled so its largest entry reaches black or white. */
    private static FloatImage visible(float[] delta, ImageBatch like) {
        float max = 1e-12f;
        for (float d : delta) {
            max = Math.max(max, Math.abs(d));
        }
        float[] out = new float[delta.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 0.5f + 0.5f * delta[i] / max;
        }
        return new FloatImage(like.channels(), like.height(), like.width(), out);
    }

    private static double l2(float[] v) {
        double sum = 0;
        for (float f : v) {
            sum += (double) f * f;
        }
        return Math.sqrt(sum);
    }
}
