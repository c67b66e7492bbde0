package org.invwb.core.attack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.invwb.core.data.FloatImage;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.nn.Network;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.IterationDriver;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.PlannedIterations;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.SpecException;

/**
 * MI-FACE (Fredrikson, Jha and Ristenpart, "Model Inversion Attacks that Exploit Confidence Information
 * and Basic Countermeasures", CCS 2015): for each target class, gradient descent on the input for the
 * target model's confidence ({@link ConfidenceDescent}), without any prior on what images look like.
 * Classes are inverted one after another; each reconstruction is scored against the private images of
 * its class ({@link InversionScorer}). The auxiliary term of the paper's cost (side information about
 * the person) is not used: it is 0 in its experiments on softmax and MLP models.
 */
final class MiFace implements InversionMethod {

    static final String NAME = "mi-face";

    static final ParamSet PARAMETERS = ParamSet.of(
            TargetClasses.DECL,
            ParamDecl.integer("iterations", 5000, 1, 10_000_000, "α: the most gradient steps per class")
                    .paper("5000 (α)"),
            ParamDecl.integer("window", 100, 1, 1_000_000, "β: stop when the cost is not below the largest of the"
                    + " last β costs").paper("100 (β)"),
            ParamDecl.real("threshold", 0.99, 0, 1, "γ: stop once the cost 1 − softmax_target falls to γ or"
                    + " below; 0.99 stops as soon as the target's probability reaches 1%, so lower it to ask for a"
                    + " confident reconstruction").paper("0.99 (γ)"),
            ParamDecl.real("stepSize", 0.1, 0, 1e6, "λ: gradient step size on pixels in [0, 1]").paper("0.1 (λ)"),
            ParamDecl.real("start", 0, 0, 1, "the value every pixel starts from; from mid-grey (0.5) a confident"
                    + " classifier can give the target a probability so small that its gradient vanishes and the"
                    + " descent stops at once").paper("0 (x₀ = 0)"));

    /**
     * The classes one after another, each reporting its start and then at most α steps; the stopping
     * rules may end a class sooner.
     */
    static final PlannedIterations PLAN = spec -> {
        ParamValues p = spec.section("parameters");
        int classes;
        try {
            classes = TargetClasses.parse(p.getString(TargetClasses.FIELD),
                    spec.section("model").getInt("numClasses")).length;
        } catch (SpecException e) {
            return 0; // the run refuses the field by name
        }
        return PlannedIterations.capped(classes * (p.getInt("iterations") + 1L));
    };

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        InversionSetup setup = InversionSetup.load(ctx);
        ParamValues p = ctx.section("parameters");
        ConfidenceDescent.Settings settings = new ConfidenceDescent.Settings(p.getInt("iterations"),
                p.getInt("window"), p.getDouble("threshold"), p.getDouble("stepSize"), p.getDouble("start"));
        Network network = setup.target().network();
        int[] classes = setup.classes();
        List<FloatImage> done = new ArrayList<>();
        Map<String, Object> perClass = new LinkedHashMap<>();
        IterationDriver driver = ctx.driver((iterations, note) -> outcome(setup, done, iterations, perClass, note));
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            Map<String, NDArray> params = setup.target().weights().toArrays(root);
            for (int c : classes) {
                ConfidenceDescent.Result result;
                driver.where("while inverting class " + c);
                try {
                    result = ConfidenceDescent.run(network, params, c, settings, (step, cost, pixels) -> {
                        driver.checkpoint();
                        Map<String, Double> scalars = new LinkedHashMap<>();
                        scalars.put("cost", cost);
                        scalars.put("targetProbability", 1 - cost);
                        scalars.put("targetClass", (double) c);
                        driver.completed(scalars, () -> {
                            List<FloatImage> shown = new ArrayList<>(done);
                            shown.add(image(network, pixels));
                            return shown;
                        });
                    });
                } catch (ArithmeticException e) {
                    throw driver.failure(e.getMessage());
                }
                done.add(image(network, result.image()));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("cost", result.cost());
                row.put("steps", result.iterations());
                row.put("stop", result.stop().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                perClass.put(String.valueOf(c), row);
                ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT, "class %d: cost %.4f after %d"
                        + " steps (%s)", c, result.cost(), result.iterations(), row.get("stop"))));
            }
        }
        return outcome(setup, done, driver.done(), perClass, null);
    }

    private static FloatImage image(Network network, float[] pixels) {
        var s = network.inputShape();
        return new FloatImage((int) s.get(0), (int) s.get(1), (int) s.get(2), pixels);
    }

    /** Scores the classes inverted so far (the first {@code done.size()} of the setup's). */
    private static RunOutcome outcome(InversionSetup setup, List<FloatImage> done, int iterations,
                                      Map<String, Object> descent, String note) {
        if (done.isEmpty()) {
            return new RunOutcome(iterations, Map.of(), List.of(), List.of(), false, note);
        }
        int[] classes = java.util.Arrays.copyOf(setup.classes(), done.size());
        InversionScore score = setup.scorer().score(done, classes);
        Map<String, Object> metrics = new LinkedHashMap<>(score.metrics());
        metrics.put("descent", descent);
        return new RunOutcome(iterations, metrics, score.nearestImages(), done, note == null, note);
    }
}
