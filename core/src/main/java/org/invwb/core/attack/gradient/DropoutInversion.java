package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import org.invwb.core.attack.ObjectiveTerms;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.fl.DropoutDefense;
import org.invwb.core.fl.Observation;
import org.invwb.core.nn.DropoutMasks;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunFailure;

/**
 * Dropout Inversion Attack (Scheliga, Mäder and Seeland, "Dropout is NOT all you need to prevent
 * gradient leakage", AAAI 2023): against a client that computed its update with dropout, the
 * attacker optimises the unknown dropout masks jointly with the images. The masks are relaxed to
 * [0, 1], start as Bernoulli(1 − p) draws, are clamped to [0, 1] after every step and held near the
 * dropout rate by λ·|(1 − mean(mask)) − p| per dropout site. The rest is the inverting-gradients
 * objective as the reference code runs it: cosine gradient distance plus total variation, Adam on the
 * signed image gradient, the step size cut tenfold after 800 iterations without improvement, images
 * clamped to [0, 1], best iterate kept. The attacker knows p, since the server defined the model.
 * Against a client without dropout no masks are optimised, as in the reference code.
 */
public final class DropoutInversion extends AdamGradientAttack {

    public static final String NAME = "dropout-inversion";

    static final ParamDecl ITERATIONS = ParamDecl.integer("iterations", 20_000, 1, 1_000_000,
            "Adam steps per restart").paper("20000 (max_iterations)");
    static final ParamDecl LR = ParamDecl.real("lr", 0.1, 1e-8, 100, "Adam's step size").paper("0.1");
    static final ParamDecl TV = ParamDecl.real("tv", 1e-5, 0, 1e6, "weight of the total-variation prior")
            .paper("1e-5");
    static final ParamDecl MASK_REGULARISATION = ParamDecl.real("maskRegularisation", 1e-4, 0, 1e6,
            "weight λ of |(1 − mean(mask)) − p| per dropout site").paper("1e-4");
    static final ParamDecl PATIENCE = ParamDecl.integer("plateauPatience", 800, 1, 1_000_000,
            "iterations without improvement before the step size is cut tenfold (ReduceLROnPlateau)").paper("800");
    static final ParamDecl SIGNED = ParamDecl.bool("signedGradients", true,
            "Adam sees only the sign of the image gradient").paper("true");
    static final ParamDecl LABELS = LabelStrategy.param(LabelStrategy.AUTO, List.of(LabelStrategy.values()),
            "given (the reference code gives the true labels)");

    public static final ParamSet PARAMETERS = ParamSet.of(ITERATIONS, LR, TV, MASK_REGULARISATION, PATIENCE, SIGNED,
            RESTARTS, LABELS);

    /** The client's dropout rate, which the server knows because it defined the model; 0 without dropout. */
    private double rate;

    @Override
    Observation observe(ClientScenario scenario) throws RunFailure {
        rate = scenario.defense() instanceof DropoutDefense d ? d.rate() : 0;
        return super.observe(scenario);
    }

    @Override
    GradientDistance distance(ParamValues p, List<NDArray> target) {
        return GradientDistance.cosine(target);
    }

    @Override
    List<NDArray> extraVariables(NDManager state, Observation observation, SplittableRandom random, ParamValues p) {
        List<NDArray> masks = new ArrayList<>();
        if (rate == 0) {
            return masks;
        }
        int n = observation.batchSize();
        for (int units : observation.network().dropoutSites().values()) {
            float[] keep = new float[n * units];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = random.nextDouble() < rate ? 0f : 1f;
            }
            masks.add(state.create(keep, new Shape(n, units)));
        }
        return masks;
    }

    @Override
    NDArray logits(Observation observation, Map<String, NDArray> params, NDArray images, Variables v) {
        Map<String, NDArray> keep = new LinkedHashMap<>();
        List<String> sites = List.copyOf(observation.network().dropoutSites().keySet());
        for (int s = 0; s < v.extras().size(); s++) {
            keep.put(sites.get(s), v.extras().get(s));
        }
        return observation.network().forward(params, images, observation.trainMode(), new DropoutMasks(rate, keep));
    }

    @Override
    void addPriors(Variables v, ParamValues p, ObjectiveTerms objective) {
        double tv = p.getDouble("tv");
        if (tv > 0) {
            objective.add("tv", TotalVariation.of(v.images()), tv);
        }
        NDArray drift = null;
        for (NDArray mask : v.extras()) {
            NDArray d = mask.mean().neg().add((float) (1 - rate)).abs();
            drift = drift == null ? d : drift.add(d);
        }
        if (drift != null) {
            objective.add("maskDrift", drift, p.getDouble("maskRegularisation"));
        }
    }

    @Override
    LearningRateSchedule schedule(ParamValues p) {
        return LearningRateSchedule.plateau(0.1, p.getInt("plateauPatience"));
    }

    @Override
    boolean signedGradients(ParamValues p) {
        return p.getBoolean("signedGradients");
    }

    @Override
    void project(Variables v, ParamValues p) {
        super.project(v, p);
        v.extras().forEach(mask -> clampInPlace(mask, 0, 1));
    }
}
