package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.invwb.core.attack.ObjectiveTerms;
import org.invwb.core.attack.gan.GeneratorSearch;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.nn.DcganGenerator;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.PlannedIterations;
import org.invwb.core.run.RunOutcome;

/**
 * GIFD (Fang, Chen, Wang, Wang and Xia, "GIFD: A Generative Gradient Inversion Method with Feature
 * Domain Optimization", ICCV 2023): Adam first searches the latent code of a GAN for images whose
 * update matches the observed one, then, stage after stage, the feature map entering each later
 * generator block, each kept within an L1 ball around where its stage began, with radius
 * r_k = r₁ + (k − 1)·Δr, so that the images can leave the GAN's range a little more at every stage
 * (which also helps when the GAN was trained on other data than the client's). The lowest-objective
 * iterate over all stages and restarts is kept. Defaults follow the authors' {@code configs_biggan.yml}
 * as far as they carry over to this three-stage DCGAN; the radii are rescaled (see the parameters).
 */
public final class Gifd extends GanGradientAttack {

    public static final String NAME = "gifd";

    static final ParamDecl ITERATIONS = ParamDecl.integer("iterations", 1000, 1, 1_000_000,
            "Adam steps on the latent code, from z ~ N(0, I)").paper("1,000 (steps[0])");
    static final ParamDecl LR = ParamDecl.real("lr", 0.03, 1e-8, 100, "learning rate on the latent code")
            .paper("0.03 (lr)");
    static final ParamDecl FEATURE_ITERATIONS = ParamDecl.integer("featureIterations", 1000, 0, 1_000_000,
            "Adam steps on each feature stage").paper("1,000 per feature domain (steps[1..K])");
    static final ParamDecl FEATURE_LR = ParamDecl.real("featureLr", 0.1, 1e-8, 100,
            "learning rate on the feature maps").paper("0.1 (lr_io)");
    static final ParamDecl STAGES = ParamDecl.integer("stages", DcganGenerator.STAGES, 0, DcganGenerator.STAGES,
            "feature stages searched after the latent, the generator's first ones; 0 searches the latent only")
            .paper("K = 9 of BigGAN's 13 layers; here every one of the DCGAN's 3");
    static final ParamDecl RADIUS = ParamDecl.real("radius", 100, 0, 1e9,
            "L1 radius r₁ of the first feature stage's ball").paper("2,000 for BigGAN's 64×64 features, whose"
            + " maps have far more entries than this DCGAN's (3,136 at stage 1 of the shipped width-16 GAN)");
    static final ParamDecl RADIUS_STEP = ParamDecl.real("radiusStep", 25, 0, 1e9,
            "Δr, how much larger each later stage's radius is").paper("500 for BigGAN (r₁/4)");
    static final ParamDecl DISTANCE = ParamDecl.choice("distance", "cosine", List.of("cosine", "l2"),
            "gradient distance: Inverting Gradients' cosine over all layers, or DLG's squared L2")
            .paper("cosine (cost_fn 'sim_cmpr0')");
    static final ParamDecl TV = ParamDecl.real("tv", 1e-4, 0, 1e6, "weight of the images' total variation")
            .paper("1e-4 (total_variation)");
    static final ParamDecl IMAGE_NORM = ParamDecl.real("imageNorm", 1e-6, 0, 1e6,
            "weight of the images' L2 norm").paper("1e-6 (image_norm)");
    static final ParamDecl RESTARTS = ParamDecl.integer("restarts", 4, 1, 10_000,
            "independent searches from different latent starts; the one with the lowest objective is kept")
            .paper("4 (restarts)");
    static final ParamDecl LABELS = LabelStrategy.param(LabelStrategy.AUTO, List.of(LabelStrategy.values()),
            "idlg for one image (the iDLG rule of inversefed)");

    public static final ParamSet PARAMETERS = ParamSet.of(ITERATIONS, LR, FEATURE_ITERATIONS, FEATURE_LR, STAGES,
            RADIUS, RADIUS_STEP, DISTANCE, TV, IMAGE_NORM, RESTARTS, LABELS);

    /** Each restart: the latent's iterations, then featureIterations per feature stage. */
    static final PlannedIterations PLAN = spec -> {
        ParamValues p = spec.section("parameters");
        long perRestart = p.getInt("iterations") + (long) p.getInt("stages") * p.getInt("featureIterations");
        return PlannedIterations.capped(perRestart * p.getInt("restarts"));
    };

    @Override
    GradientDistance distance(ParamValues p, List<NDArray> target) {
        return p.getString("distance").equals("l2") ? GradientDistance.squaredL2(target)
                : GradientDistance.cosine(target);
    }

    @Override
    void addPriors(ParamValues p, NDArray images, NDArray input, int stage, ObjectiveTerms terms) {
        if (p.getDouble("tv") > 0) {
            terms.add("tv", TotalVariation.of(images), p.getDouble("tv"));
        }
        if (p.getDouble("imageNorm") > 0) {
            terms.add("imageNorm", images.square().sum().sqrt(), p.getDouble("imageNorm"));
        }
    }

    /** r_k = r₁ + (k − 1)·Δr for the stages searched. */
    static double[] radii(ParamValues p) {
        double[] radii = new double[p.getInt("stages")];
        for (int k = 0; k < radii.length; k++) {
            radii[k] = p.getDouble("radius") + k * p.getDouble("radiusStep");
        }
        return radii;
    }

    @Override
    RunOutcome search(Attack a) throws Exception {
        ParamValues p = a.p;
        int restarts = p.getInt("restarts");
        Shape codeShape = new Shape(a.batch(), a.generator.latentSize());
        int size = (int) codeShape.size();
        double[] starts = DummyStart.gaussian(size * restarts, a.ctx.spec().seed());
        GeneratorSearch.Phase latent = new GeneratorSearch.Phase("adam", p.getDouble("lr"), 0, p.getInt("iterations"));
        GeneratorSearch.Phase features = new GeneratorSearch.Phase("adam", p.getDouble("featureLr"), 0,
                p.getInt("featureIterations"));
        double[] radii = radii(p);
        StagingBuffer staging = new StagingBuffer();
        return bestOfRestarts(a, restarts, (search, m, r) -> {
            search.searchLatent(staging.upload(m, starts, r * size, codeShape), latent, 0);
            if (radii.length > 0 && features.iterations() > 0) {
                search.searchFeatures(radii, features);
            }
        }, "GIFD: latent, then " + radii.length + " feature stages");
    }
}
