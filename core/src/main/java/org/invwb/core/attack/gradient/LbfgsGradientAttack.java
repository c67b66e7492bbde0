package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.FloatImage;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.fl.Observation;
import org.invwb.core.fl.UpdateKind;
import org.invwb.core.metrics.BatchScore;
import org.invwb.core.metrics.BatchScorer;
import org.invwb.core.optim.Lbfgs;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.IterationDriver;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;

/**
 * The loop DLG and iDLG share: a FedSGD client computes its gradient (or a stored one is read), the attacker starts from
 * Gaussian noise and runs L-BFGS steps on the gradient distance. Each step is one iteration of
 * the run (as in the reference code, where one step holds up to 20 L-BFGS iterations).
 *
 * <p>L-BFGS without line search can stall: once a step cannot move, no later step will. The run
 * then ends at once and says so, instead of returning a bad image after the remaining iterations.
 */
abstract class LbfgsGradientAttack implements InversionMethod {

    static final ParamDecl ITERATIONS = ParamDecl.integer("iterations", 300, 1, 100_000,
            "L-BFGS steps; each runs up to lbfgsIterations inner iterations").paper("300");
    static final ParamDecl LR = ParamDecl.real("lr", 1.0, 1e-6, 100, "L-BFGS step size").paper("1").live();
    static final ParamDecl LBFGS_ITERATIONS = ParamDecl.integer("lbfgsIterations", 20, 1, 1000,
            "inner L-BFGS iterations per step").paper("20 (torch.optim.LBFGS default)");
    static final ParamDecl HISTORY = ParamDecl.integer("historySize", 100, 1, 10_000,
            "curvature pairs L-BFGS remembers").paper("100 (torch.optim.LBFGS default)");
    static final ParamDecl CONVERGED_BELOW = ParamDecl.real("convergedBelow", 1e-4, 0, 1e6,
            "gradient distance under which the reconstruction counts as converged");

    /** The run stops early once the gradient distance falls under this value (0: never). */
    abstract double stopBelow(ParamValues p);

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues p = ctx.section("parameters");
        ClientScenario scenario = ClientScenario.build(ctx.spec());
        List<FloatImage> truth = scenario.batch().images();
        int[] trueLabels = scenario.batch().labels();
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            Observation observation = scenario.observation();
            if (observation.kind() != UpdateKind.GRADIENT) {
                throw new RunFailure(ctx.spec().method() + " matches a gradient; this update is a FedAvg weight"
                        + " difference after " + observation.localSteps() + " local steps of SGD, which no single"
                        + " gradient explains: use inverting-gradients for FedAvg updates");
            }
            int[] labels = LabelStrategy.named(p.getString("labels")).labels(observation, trueLabels);
            try (GradientMatching objective = new GradientMatching(observation, labels, root)) {
                double[] vars = DummyStart.gaussian(objective.size(), ctx.spec().seed());
                RunOutcome outcome = optimise(ctx, objective, vars, truth, trueLabels, stopBelow(p));
                return AttackOutcomes.withClient(outcome, scenario);
            }
        }
    }

    /** Runs L-BFGS steps on {@code objective} from {@code vars}, reporting each step as an iteration. */
    static RunOutcome optimise(RunContext ctx, InversionObjective objective, double[] vars, List<FloatImage> truth,
                               int[] trueLabels, double stopBelow) throws Exception {
        ParamValues p = ctx.section("parameters");
        Lbfgs lbfgs = new Lbfgs(p.getDouble("lr"), p.getInt("lbfgsIterations"), p.getInt("historySize"));
        int iterations = p.getInt("iterations");
        double convergedBelow = p.getDouble("convergedBelow");
        LastGood path = new LastGood(vars);
        IterationDriver driver = ctx.driver((done, note) -> outcome(objective, path.lastGood(), truth, trueLabels, done,
                path.loss(), path.loss() <= convergedBelow, note));
        String stopped = driver.run(iterations, iteration -> {
            lbfgs.setLearningRate(driver.live("parameters", "lr", lbfgs.learningRate()));
            Lbfgs.Step step = lbfgs.step(vars, objective);
            if (!Double.isFinite(step.lossAfter())) {
                throw driver.failure("gradient distance became " + step.lossAfter() + " at iteration " + iteration
                        + " (L-BFGS diverged); try another seed or a smaller lr");
            }
            path.accept(vars, step.lossAfter());
            double distance = step.lossAfter();
            List<FloatImage> recon = objective.images(vars);
            BatchScore score = BatchScorer.score(truth, recon);
            Map<String, Double> scalars = new LinkedHashMap<>();
            scalars.put("gradientDistance", distance);
            scalars.put("psnr", score.psnr());
            scalars.put("ssim", score.ssim());
            IterationDriver.Report report = IterationDriver.Report.of(scalars)
                    .withSnapshot(() -> AttackOutcomes.matched(recon, score));
            if (distance < stopBelow) {
                return report.andStop("gradient distance fell below " + stopBelow + " at iteration " + iteration);
            }
            if (!step.moved() || Math.abs(step.lossBefore() - distance) < 1e-9) {
                return report.andStop(distance <= convergedBelow
                        ? "L-BFGS converged at iteration " + iteration
                        : "L-BFGS stalled at iteration " + iteration + " with gradient distance " + (float) distance
                          + ": no further step can improve it, so the reconstruction is not faithful;"
                          + " try another seed");
            }
            return report;
        });
        int done = driver.done();
        double distance = path.loss();
        boolean converged = distance <= convergedBelow;
        String note = stopped != null ? stopped : converged ? "finished " + done + " iterations"
                : "gradient distance " + (float) distance + " still above " + convergedBelow
                  + " after " + done + " iterations: not converged";
        return outcome(objective, vars, truth, trueLabels, done, distance, converged, note);
    }

    /** The iterate after the last finite step and its gradient distance (NaN before the first step). */
    private static final class LastGood {
        private final double[] vars;
        private double loss = Double.NaN;

        LastGood(double[] start) {
            vars = start.clone();
        }

        void accept(double[] now, double lossNow) {
            System.arraycopy(now, 0, vars, 0, vars.length);
            loss = lossNow;
        }

        double[] lastGood() {
            return vars;
        }

        double loss() {
            return loss;
        }
    }

    private static RunOutcome outcome(InversionObjective objective, double[] vars, List<FloatImage> truth,
                                      int[] trueLabels, int done, double distance, boolean converged, String note) {
        List<FloatImage> recon = objective.images(vars);
        BatchScore score = BatchScorer.score(truth, recon);
        int[] recovered = objective.labels(vars);
        return new RunOutcome(done, AttackOutcomes.metrics(score, distance, objective.evaluations(), trueLabels, recovered),
                truth, AttackOutcomes.matched(recon, score), converged, note);
    }
}
