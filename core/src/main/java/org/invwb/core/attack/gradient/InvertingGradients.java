package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import org.invwb.core.attack.ObjectiveTerms;
import java.util.List;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;

/**
 * Inverting Gradients (Geiping, Bauermeister, Dröge and Moeller, "Inverting Gradients – How easy is
 * it to break privacy in federated learning?", NeurIPS 2020): the cosine distance between the dummy
 * update and the observed one over all parameters, plus a total-variation prior, minimised by Adam on
 * the sign of the image gradient, learning rate ×0.1 at 3/8, 5/8 and 7/8 of the run, images clamped
 * to their valid range after every step, the best of R restarts kept. Against FedAvg the local steps
 * are unrolled (see {@link DummyUpdate}). Defaults are those of the authors' {@code inversefed} code
 * ({@code reconstruct_image.py} with {@code --optim ours}).
 */
public final class InvertingGradients extends AdamGradientAttack {

    public static final String NAME = "inverting-gradients";

    static final ParamDecl ITERATIONS = ParamDecl.integer("iterations", 4000, 1, 1_000_000,
            "Adam steps per restart").paper("4,000 (reconstruct_image.py); 24,000 in the ImageNet experiments");
    static final ParamDecl LR = ParamDecl.real("lr", 0.1, 1e-8, 100, "Adam's learning rate before the decay")
            .paper("0.1");
    static final ParamDecl TV = ParamDecl.real("tv", 1e-4, 0, 1e6, "weight of the total-variation prior")
            .paper("1e-4 (reconstruct_image.py --tv); the authors' CIFAR notebooks use 1e-6");
    static final ParamDecl DISTANCE = ParamDecl.choice("distance", "cosine", List.of("cosine", "l2"),
            "gradient distance: cosine over all layers, or DLG's squared L2").paper("cosine (cost_fn 'sim')");
    static final ParamDecl SIGNED = ParamDecl.bool("signedGradients", true,
            "Adam sees only the sign of the image gradient").paper("true");
    static final ParamDecl LR_DECAY = ParamDecl.bool("lrDecay", true,
            "learning rate ×0.1 at 3/8, 5/8 and 7/8 of the iterations").paper("true");
    static final ParamDecl BOXED = ParamDecl.bool("boxed", true,
            "clamp the images to [0, 1] after every step").paper("true");
    static final ParamDecl LABELS = LabelStrategy.param(LabelStrategy.AUTO, List.of(LabelStrategy.values()),
            "idlg for one image; the experiments on batches give the true labels");

    public static final ParamSet PARAMETERS = ParamSet.of(ITERATIONS, LR, TV, RESTARTS, DISTANCE, SIGNED,
            LR_DECAY, BOXED, LABELS);

    @Override
    GradientDistance distance(ParamValues p, List<NDArray> target) {
        return p.getString("distance").equals("l2") ? GradientDistance.squaredL2(target)
                : GradientDistance.cosine(target);
    }

    @Override
    void addPriors(Variables v, ParamValues p, ObjectiveTerms objective) {
        double tv = p.getDouble("tv");
        if (tv > 0) {
            objective.add("tv", TotalVariation.of(v.images()), tv);
        }
    }

    @Override
    LearningRateSchedule schedule(ParamValues p) {
        return p.getBoolean("lrDecay") ? LearningRateSchedule.MultiStep.invertingGradients(p.getInt("iterations"))
                : LearningRateSchedule.constant();
    }

    @Override
    boolean signedGradients(ParamValues p) {
        return p.getBoolean("signedGradients");
    }

    @Override
    void project(Variables v, ParamValues p) {
        if (p.getBoolean("boxed")) {
            super.project(v, p);
        }
    }
}
