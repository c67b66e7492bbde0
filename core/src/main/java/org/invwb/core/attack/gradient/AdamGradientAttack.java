package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import org.invwb.core.attack.ObjectiveTerms;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.fl.Observation;
import org.invwb.core.metrics.BatchScore;
import org.invwb.core.metrics.BatchScorer;
import org.invwb.core.nn.Losses;
import org.invwb.core.optim.Adam;
import org.invwb.core.optim.Optimizer;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.IterationDriver;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.PlannedIterations;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;

/**
 * The loop of the gradient attacks that optimise dummy data with a first-order optimiser (Adam by
 * default) against the observed update: Inverting Gradients and the methods built on it. Each
 * iteration binds fresh leaves to the variables, computes the dummy update ({@link DummyUpdate}:
 * FedSGD gradient or unrolled FedAvg steps), the objective (distance plus priors), its gradient with
 * respect to the variables, and one optimiser step; then the variables are projected back into their
 * valid range. The lowest-objective iterate of every restart is kept, and the best restart wins.
 *
 * <p>Everything stays native: the only host copies per iteration are the objective's terms (one
 * transfer), plus the images every {@link #SCORE_EVERY} iterations and at snapshots, for PSNR/SSIM.
 *
 * <p>Extension points, each with the Inverting Gradients behaviour or none as default:
 * {@link #distance} (required), {@link #addPriors}, {@link #schedule}, {@link #signedGradients},
 * {@link #optimizer}, {@link #extraVariables} with {@link #logits} (variables the forward pass uses,
 * such as dropout masks), {@link #project} and {@link #observe}. Subclasses declare the parameters
 * {@code iterations}, {@code lr}, {@code restarts} and {@code labels} (see {@link LabelStrategy}).
 */
abstract class AdamGradientAttack implements InversionMethod {

    static final ParamDecl RESTARTS = ParamDecl.integer("restarts", 1, 1, 10_000,
            "independent starts from noise; the one with the lowest objective is kept")
            .paper("1 (reconstruct_image.py --restarts)");

    /** Every restart runs its iterations in full, one count across them. */
    static final PlannedIterations PLAN = spec -> {
        ParamValues p = spec.section("parameters");
        return PlannedIterations.capped((long) p.getInt("iterations") * p.getInt("restarts"));
    };

    /** Iterations between PSNR/SSIM scores in the progress events (each needs the images on the host). */
    static final int SCORE_EVERY = 10;

    /** The distance between the dummy update and {@code target}, the observed one (trainable layers in order). */
    abstract GradientDistance distance(ParamValues p, List<NDArray> target);

    /** Adds weighted prior terms on the current variables; none by default. */
    void addPriors(Variables v, ParamValues p, ObjectiveTerms objective) {
    }

    /** The learning-rate factor per iteration; constant by default. */
    LearningRateSchedule schedule(ParamValues p) {
        return LearningRateSchedule.constant();
    }

    /** Whether the optimiser sees only the sign of the image gradient (Inverting Gradients); no by default. */
    boolean signedGradients(ParamValues p) {
        return false;
    }

    /** The optimiser of the variables: torch's Adam at {@code parameters.lr} by default. */
    Optimizer optimizer(NDManager state, ParamValues p) {
        return Adam.withDefaults(state, p.getDouble("lr"));
    }

    /**
     * Variables optimised alongside the images (e.g. dropout masks), owned by {@code state} and drawn
     * from {@code random}; {@link #logits} must use every one of them. None by default.
     */
    List<NDArray> extraVariables(NDManager state, Observation observation, SplittableRandom random, ParamValues p) {
        return List.of();
    }

    /**
     * The model's logits on {@code images} (all dummy images, or one FedAvg mini-batch of them);
     * override to involve the extra variables. The plain forward pass in the client's mode by default.
     */
    NDArray logits(Observation observation, Map<String, NDArray> params, NDArray images, Variables v) {
        return observation.network().forward(params, images, observation.trainMode());
    }

    /** Puts the variables back into their valid range after each step: images clamped to [0, 1] by default. */
    void project(Variables v, ParamValues p) {
        clampInPlace(v.images(), 0, 1);
    }

    /** What the attacker observes of the client: its update under the spec's protocol, behind its defense. */
    Observation observe(ClientScenario scenario) throws RunFailure {
        return scenario.observation();
    }

    /**
     * The variables of one evaluation: images (N, C, H, W), label logits (N, classes) when labels are
     * optimised jointly (else null), and the subclass's extra variables in the order it made them.
     */
    record Variables(NDArray images, NDArray labelLogits, List<NDArray> extras) {
    }

    /** Sets {@code x} to clip(x, lo, hi) in place, natively (0·x + clip(x) is exact). */
    static void clampInPlace(NDArray x, double lo, double hi) {
        try (NDArray clipped = x.clip(lo, hi)) {
            x.muli(0).addi(clipped);
        }
    }

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ClientScenario scenario = ClientScenario.build(ctx.spec());
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            Observation observation = observe(scenario);
            return AttackOutcomes.withClient(invert(ctx, observation, scenario.batch(), root), scenario);
        }
    }

    /** The attack on {@code observation}, scored against {@code truth}; compute thread only. */
    RunOutcome invert(RunContext ctx, Observation observation, ImageBatch truth, NDManager root) throws Exception {
        ParamValues p = ctx.section("parameters");
        int[] labels = LabelStrategy.named(p.getString("labels")).labels(observation, truth.labels());
        int iterations = p.getInt("iterations");
        int restarts = p.getInt("restarts");
        try (Inversion inversion = new Inversion(observation, labels, p, root)) {
            double[] noise = DummyStart.gaussian(inversion.startSize() * restarts, ctx.spec().seed());
            SplittableRandom extrasRandom = new SplittableRandom(ctx.spec().seed()).split().split();
            Restarts kept = new Restarts();
            IterationDriver driver = ctx.driver((done, note) -> outcome(kept.leader(), truth, inversion, done, false, note));
            for (int r = 0; r < restarts; r++) {
                Trial trial = inversion.trial(noise, r, extrasRandom.split());
                kept.current = trial;
                int first = driver.done() + 1;
                driver.run(iterations, iteration -> {
                    double value = trial.step(iteration - first);
                    if (!Double.isFinite(value)) {
                        throw driver.failure("objective became " + value + " at iteration " + iteration
                                + "; try another seed or a smaller lr");
                    }
                    return report(trial, truth, driver.snapshotDue(), iteration);
                });
                trial.finish(iterations);
                kept.settle();
            }
            Trial best = kept.best;
            String note = "finished " + iterations + " iterations" + (restarts > 1 ? " × " + restarts + " restarts" : "")
                    + "; lowest objective " + (float) best.bestObjective + " at restart " + (best.restart + 1)
                    + ", iterate " + best.bestIterate;
            try {
                return outcome(best, truth, inversion, driver.done(), true, note);
            } finally {
                best.close();
            }
        }
    }

    /** The best finished restart and the one under way; the leader is the better of the two. */
    private static final class Restarts {
        private Trial best;
        private Trial current;

        Trial leader() {
            return best == null || current.bestObjective < best.bestObjective ? current : best;
        }

        /** The current restart has finished: keep the better of it and the best, close the other. */
        void settle() {
            Trial kept = leader();
            Trial dropped = kept == current ? best : current;
            if (dropped != null) {
                dropped.close();
            }
            best = kept;
            current = null;
        }
    }

    /** The iteration's terms; PSNR/SSIM (host images) every {@link #SCORE_EVERY} and at snapshots. */
    private static IterationDriver.Report report(Trial trial, ImageBatch truth, boolean snapshot, int iteration) {
        Map<String, Double> scalars = new LinkedHashMap<>(trial.lastScalars);
        if (!snapshot && iteration % SCORE_EVERY != 0) {
            return IterationDriver.Report.of(scalars);
        }
        List<FloatImage> images = trial.images(trial.variables.get(0));
        BatchScore score = BatchScorer.score(truth.images(), images);
        scalars.put("psnr", score.psnr());
        scalars.put("ssim", score.ssim());
        return IterationDriver.Report.of(scalars).withSnapshot(() -> AttackOutcomes.matched(images, score));
    }

    private static RunOutcome outcome(Trial trial, ImageBatch truth, Inversion inversion, int done, boolean finished,
                                      String note) {
        List<FloatImage> recon = trial.images(trial.best.get(0));
        BatchScore score = BatchScorer.score(truth.images(), recon);
        Map<String, Double> terms = trial.bestScalars == null ? Map.of() : trial.bestScalars;
        Map<String, Object> metrics = AttackOutcomes.metrics(score,
                terms.getOrDefault(ObjectiveTerms.DISTANCE, Double.NaN), inversion.evaluations, truth.labels(),
                trial.bestLabels());
        terms.forEach((name, value) -> {
            if (!name.equals(ObjectiveTerms.DISTANCE)) {
                metrics.put(name, value);
            }
        });
        metrics.put("bestRestart", trial.restart + 1);
        metrics.put("bestIterate", trial.bestIterate);
        return new RunOutcome(done, metrics, truth.images(), AttackOutcomes.matched(recon, score), finished, note);
    }

    /** What every restart shares: the model's weights, the observed update, the labels, the distance. */
    final class Inversion implements AutoCloseable {

        private final Observation observation;
        private final ParamValues p;
        private final NDManager root;
        private final NDManager shared;
        private final UpdateMatching matching;
        private final NDArray fixedTargets;
        private final int[] fixedLabels;
        private final LearningRateSchedule schedule;
        private final boolean signed;
        private final Shape imageShape;
        private final Shape labelShape;
        private final StagingBuffer staging = new StagingBuffer();
        private int evaluations;

        /** @param labels the labels to hold fixed, or null to optimise soft labels jointly */
        Inversion(Observation observation, int[] labels, ParamValues p, NDManager root) {
            this.observation = observation;
            this.p = p;
            this.root = root;
            this.shared = root.newSubManager();
            this.matching = new UpdateMatching(observation, target -> distance(p, target), shared);
            this.fixedLabels = labels;
            int classes = observation.network().numClasses();
            this.fixedTargets = labels == null ? null : Losses.oneHot(shared, labels, classes);
            this.schedule = schedule(p);
            this.signed = signedGradients(p);
            Shape in = observation.network().inputShape();
            int batch = observation.batchSize();
            this.imageShape = new Shape(batch, in.get(0), in.get(1), in.get(2));
            this.labelShape = new Shape(batch, classes);
        }

        /** Values each restart draws from the seed's Gaussian stream: the images, then any label logits. */
        int startSize() {
            return Math.toIntExact(imageShape.size() + (fixedLabels == null ? labelShape.size() : 0));
        }

        /** Restart {@code r}, starting from its share of {@code noise}. */
        Trial trial(double[] noise, int r, SplittableRandom random) {
            return new Trial(this, noise, r, random);
        }

        ObjectiveTerms evaluate(List<NDArray> vars, boolean createGraph) {
            evaluations++;
            Variables v = variables(vars);
            NDArray targets = fixedTargets != null ? fixedTargets : v.labelLogits().softmax(1);
            ObjectiveTerms terms = new ObjectiveTerms();
            terms.add(ObjectiveTerms.DISTANCE, matching.distance(
                    (weights, images) -> logits(observation, weights, images, v), v.images(), targets, createGraph), 1);
            addPriors(v, p, terms);
            return terms;
        }

        Variables variables(List<NDArray> vars) {
            int extrasFrom = fixedLabels == null ? 2 : 1;
            return new Variables(vars.get(0), fixedLabels == null ? vars.get(1) : null,
                    vars.subList(extrasFrom, vars.size()));
        }

        @Override
        public void close() {
            shared.close();
        }
    }

    /** One restart: its variables, its optimiser and its lowest-objective iterate so far. */
    final class Trial {

        private final Inversion inv;
        private final int restart;
        private final NDManager state;
        private final List<NDArray> variables = new ArrayList<>();
        private final List<NDArray> best = new ArrayList<>();
        private final Optimizer optimizer;
        private final double baseLr;
        private double bestObjective = Double.POSITIVE_INFINITY;
        private int bestIterate;
        private Map<String, Double> bestScalars;
        private Map<String, Double> lastScalars = Map.of();

        Trial(Inversion inv, double[] noise, int restart, SplittableRandom random) {
            this.inv = inv;
            this.restart = restart;
            this.state = inv.root.newSubManager();
            int from = restart * inv.startSize();
            variables.add(inv.staging.upload(state, noise, from, inv.imageShape));
            if (inv.fixedLabels == null) {
                variables.add(inv.staging.upload(state, noise, from + (int) inv.imageShape.size(), inv.labelShape));
            }
            variables.addAll(extraVariables(state, inv.observation, random, inv.p));
            variables.forEach(v -> best.add(v.duplicate()));
            this.optimizer = optimizer(state, inv.p);
            this.baseLr = optimizer.learningRate();
        }

        /** One optimiser step from the current iterate; returns that iterate's objective. */
        double step(int iteration) {
            optimizer.setLearningRate(baseLr * inv.schedule.factor(iteration));
            try (NDManager m = inv.root.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                List<NDArray> leaves = new ArrayList<>(variables.size());
                for (NDArray v : variables) {
                    NDArray leaf = v.stopGradient();
                    leaf.attach(m);
                    leaf.setRequiresGradient(true);
                    leaves.add(leaf);
                }
                ObjectiveTerms terms = inv.evaluate(leaves, true);
                Map<String, Double> scalars = terms.scalars();
                scalars.put("lr", optimizer.learningRate());
                lastScalars = scalars;
                double value = scalars.get("objective");
                if (!Double.isFinite(value)) {
                    return value;
                }
                inv.schedule.observe(iteration, value);
                keepIfBest(value, iteration, scalars);
                List<NDArray> grads = new ArrayList<>(Autograd.grad(terms.total(), leaves, false));
                if (inv.signed) {
                    grads.set(0, grads.get(0).sign());
                }
                optimizer.step(variables, grads);
                project(inv.variables(variables), inv.p);
                return value;
            }
        }

        /**
         * Scores the iterate after the last step, which no step has evaluated, keeps it if it is the best,
         * and returns its objective.
         */
        double finish(int iteration) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                Map<String, Double> scalars = inv.evaluate(variables, false).scalars();
                keepIfBest(scalars.get("objective"), iteration, scalars);
                return scalars.get("objective");
            }
        }

        /** The current variables: images, then label logits (joint labels), then the extras. */
        List<NDArray> variables() {
            return variables;
        }

        /** The variables of the lowest-objective iterate so far, in the same order. */
        List<NDArray> bestVariables() {
            return best;
        }

        double bestObjective() {
            return bestObjective;
        }

        private void keepIfBest(double value, int iterate, Map<String, Double> scalars) {
            if (value < bestObjective) {
                for (int i = 0; i < variables.size(); i++) {
                    best.get(i).muli(0).addi(variables.get(i));
                }
                bestObjective = value;
                bestIterate = iterate;
                bestScalars = scalars;
            }
        }

        /** The images of {@code x} on the host, clamped to [0, 1]. */
        List<FloatImage> images(NDArray x) {
            float[] pixels = x.toFloatArray();
            int n = (int) (inv.imageShape.size() / inv.imageShape.get(0));
            int c = (int) inv.imageShape.get(1);
            int h = (int) inv.imageShape.get(2);
            int w = (int) inv.imageShape.get(3);
            List<FloatImage> out = new ArrayList<>();
            for (int b = 0; b < inv.imageShape.get(0); b++) {
                float[] one = new float[n];
                System.arraycopy(pixels, b * n, one, 0, n);
                out.add(new FloatImage(c, h, w, one).clamped());
            }
            return out;
        }

        /** The labels the best iterate stands for: the fixed ones, or the argmax of its label logits. */
        int[] bestLabels() {
            if (inv.fixedLabels != null) {
                return inv.fixedLabels.clone();
            }
            try (NDArray argmax = best.get(1).argMax(1)) {
                long[] l = argmax.toLongArray();
                int[] out = new int[l.length];
                for (int i = 0; i < l.length; i++) {
                    out[i] = (int) l[i];
                }
                return out;
            }
        }

        void close() {
            optimizer.close();
            state.close();
        }
    }
}
