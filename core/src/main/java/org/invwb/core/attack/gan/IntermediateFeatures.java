package org.invwb.core.attack.gan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.PlannedIterations;

/**
 * Inversion through the generator's intermediate features, as GIFD (Fang et al., ICCV 2023) and IF-GMI
 * (Qiu et al., ECCV 2024) take it from Intermediate Layer Optimization (Daras et al., ICML 2021): after
 * the latent search (latent-optimization's), the maps entering successive generator blocks are
 * optimised in turn, each offset from where its stage started kept in an L1 ball whose radius grows with
 * the stage, so later stages, closer to the pixels, may leave the generator's range further.
 */
final class IntermediateFeatures extends GanInversion {

    static final String NAME = "intermediate-features";
    static final ParamSet PARAMETERS = parameters(RESTARTS,
            ParamDecl.integer("featureStages", 3, 1, 3, "feature stages searched after the latent: 1 the map"
                    + " entering block 1 (4·width × size/4), 2 also the one entering block 2, 3 also the one"
                    + " entering the output layer").group("features"),
            ParamDecl.integer("featureIterations", 200, 1, 1_000_000, "Adam steps on each feature stage")
                    .group("features"),
            ParamDecl.real("featureLr", 0.05, 0, 10, "Adam learning rate on the feature maps").group("features"),
            ParamDecl.real("radius1", 20, 0, 1e9, "L1 radius of the offset of the map entering block 1"
                    + " (4·width·(size/4)² values)").group("features")
                    .paper("growing with depth (ILO, GIFD); their values are for other generators"),
            ParamDecl.real("radius2", 80, 0, 1e9, "L1 radius of the offset of the map entering block 2")
                    .group("features"),
            ParamDecl.real("radius3", 320, 0, 1e9, "L1 radius of the offset of the map entering the output"
                    + " layer").group("features"));

    /** The random starts, then featureIterations per feature stage of the best one. */
    static final PlannedIterations PLAN = spec -> {
        ParamValues p = spec.section("parameters");
        return PlannedIterations.capped(randomStarts(spec) + (long) p.getInt("featureStages") * p.getInt("featureIterations"));
    };

    @Override
    Reconstruction invert(Inversion run) throws Exception {
        var p = run.parameters;
        GeneratorSearch search = run.bestOfRandomStarts(run.objective(run.target), p.getInt("restarts"));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("latentPsnr", run.psnr(search.bestImages()));
        double[] radii = new double[p.getInt("featureStages")];
        for (int k = 0; k < radii.length; k++) {
            radii[k] = p.getDouble("radius" + (k + 1));
        }
        search.searchFeatures(radii, new GeneratorSearch.Phase("adam", p.getDouble("featureLr"), 0,
                p.getInt("featureIterations")));
        metrics.put("bestStage", search.bestStage());
        metrics.put("objective", search.bestObjective());
        return new Reconstruction(search.bestImages(), metrics);
    }
}
