package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.data.FloatImage;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.fl.DropoutDefense;
import org.invwb.core.fl.Observation;
import org.invwb.core.nn.DropoutMasks;
import org.invwb.core.nn.Losses;
import org.invwb.core.nn.Network;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunOutcome;

/**
 * Dropout Inversion Attack (Scheliga, Mäder and Seeland, "Dropout is NOT all you need to prevent
 * gradient leakage", AAAI 2023): against a client that computed its update with dropout, the
 * attacker optimises the unknown dropout masks jointly with the images. The masks are relaxed to
 * [0, 1], start as Bernoulli(1 − p) draws, are clamped to [0, 1] after every step, and are held near
 * the dropout rate by λ·|(1 − mean(mask)) − p| per dropout site. Otherwise the objective is that of
 * inverting gradients as the reference code runs it: cosine gradient distance plus total variation,
 * Adam on the signed image gradient, step size cut tenfold after 800 iterations without improvement,
 * images clamped to [0, 1], best iterate kept. The attacker knows p, since the server defined the model.
 *
 * <p>Without masks ({@code optimiseMasks} false, or a client without dropout) this is the reference
 * code's inverting-gradients baseline on the same objective.
 */
public final class DropoutInversion implements InversionMethod {

    public static final String NAME = "dropout-inversion";

    static final ParamDecl ITERATIONS = ParamDecl.integer("iterations", 20_000, 1, 1_000_000, "Adam steps")
            .paper("20000 (max_iterations)");
    static final ParamDecl LR = ParamDecl.real("lr", 0.1, 1e-6, 10, "Adam step size").paper("0.1");
    static final ParamDecl TV = ParamDecl.real("totalVariation", 1e-5, 0, 1e3, "weight of the total-variation prior")
            .paper("1e-5");
    static final ParamDecl MASK_REGULARISATION = ParamDecl.real("maskRegularisation", 1e-4, 0, 1e3,
            "weight λ of |(1 − mean(mask)) − p| per dropout site").paper("1e-4");
    static final ParamDecl PATIENCE = ParamDecl.integer("plateauPatience", 800, 1, 1_000_000,
            "iterations without improvement before the step size is cut tenfold (ReduceLROnPlateau)").paper("800");
    static final ParamDecl SIGNED = ParamDecl.bool("signedGradient", true,
            "step on the sign of the image gradient").paper("true");
    static final ParamDecl OPTIMISE_MASKS = ParamDecl.bool("optimiseMasks", true,
            "optimise the dropout masks with the images (false: the inverting-gradients baseline, no masks)");

    public static final ParamSet PARAMETERS = ParamSet.of(ITERATIONS, LR, TV, MASK_REGULARISATION, PATIENCE, SIGNED,
            OPTIMISE_MASKS);

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues p = ctx.section("parameters");
        ClientScenario scenario = ClientScenario.build(ctx.spec());
        List<FloatImage> truth = scenario.batch().images();
        int[] trueLabels = scenario.batch().labels();
        double rate = scenario.defense() instanceof DropoutDefense d ? d.rate() : 0;
        boolean masks = p.getBoolean("optimiseMasks") && rate > 0;
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            Observation observation = scenario.fedSgdObservation();
            int[] labels = observation.batchSize() == 1 ? new int[] {LabelRecovery.idlg(observation)}
                    : LabelRecovery.yin(observation);
            Network network = observation.network();
            SplittableRandom random = AdamMatchingLoop.attackRandom(ctx.spec().seed());
            Shape in = network.inputShape();
            int n = observation.batchSize();
            List<NDArray> variables = new ArrayList<>();
            variables.add(AdamMatchingLoop.standardNormal(root, new Shape(n, in.get(0), in.get(1), in.get(2)), random));
            List<String> sites = masks ? List.copyOf(network.dropoutSites().keySet()) : List.of();
            for (String site : sites) {
                variables.add(bernoulli(root, n, network.dropoutSites().get(site), rate, random));
            }
            try (ObservedGradient observed = new ObservedGradient(observation, root);
                 NDArray targets = Losses.oneHot(root, labels, network.numClasses())) {
                double tv = p.getDouble("totalVariation");
                double lambda = p.getDouble("maskRegularisation");
                AdamMatchingLoop.Objective objective = (leaves, terms) -> {
                    NDArray x = leaves.get(0);
                    Map<String, NDArray> keep = new LinkedHashMap<>();
                    for (int s = 0; s < sites.size(); s++) {
                        keep.put(sites.get(s), leaves.get(s + 1));
                    }
                    NDArray logits = network.forward(observed.params, x, observation.trainMode(),
                            new DropoutMasks(masks ? rate : 0, keep));
                    NDArray distance = GradientDistance.COSINE.of(
                            observed.dummyGradient(Losses.softCrossEntropy(logits, targets)), observed.target);
                    terms.put("gradientDistance", distance);
                    NDArray loss = distance.add(ImagePriors.totalVariation(x).mul((float) tv));
                    for (NDArray mask : keep.values()) {
                        NDArray drift = mask.mean().neg().add((float) (1 - rate)).abs();
                        loss = loss.add(drift.mul((float) lambda));
                    }
                    return loss;
                };
                AdamMatchingLoop.Settings settings = new AdamMatchingLoop.Settings(p.getInt("iterations"),
                        p.getDouble("lr"), AdamMatchingLoop.plateau(0.1, p.getInt("plateauPatience")),
                        p.getBoolean("signedGradient"), 1, 0, random.nextLong());
                String note = masks ? "masks of " + sites.size() + " dropout sites optimised with the images (p = "
                        + rate + ")" : rate > 0 ? "dropout masks not modelled: the inverting-gradients baseline"
                        : "the client used no dropout, so no masks were optimised (the inverting-gradients objective)";
                AdamMatchingLoop.Best best = AdamMatchingLoop.run(ctx, root, variables, objective, settings,
                        v -> AdamMatchingLoop.images(v.get(0)), truth,
                        b -> AdamMatchingLoop.outcome(b, truth, trueLabels, labels, scenario.defense(), note));
                return AdamMatchingLoop.outcome(best, truth, trueLabels, labels, scenario.defense(), note);
            } finally {
                variables.forEach(NDArray::close);
            }
        }
    }

    /** A keep mask of shape (n, units) with entries 1 with probability 1 − p, as the reference code starts them. */
    private static NDArray bernoulli(NDManager m, int n, int units, double p, SplittableRandom random) {
        float[] keep = new float[n * units];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = random.nextDouble() < p ? 0f : 1f;
        }
        return m.create(keep, new Shape(n, units));
    }
}
