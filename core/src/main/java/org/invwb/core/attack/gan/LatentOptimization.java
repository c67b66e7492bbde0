package org.invwb.core.attack.gan;

import java.util.Map;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.PlannedIterations;

/**
 * GAN inversion by optimisation (Zhu et al., ECCV 2016, "Generative Visual Manipulation on the Natural
 * Image Manifold"; Creswell and Bharath 2018; with Image2StyleGAN's pixel-plus-perceptual loss and Adam):
 * z* = argmin_z MSE(G(z), x) + λ·MSE(F(G(z)), F(x)), from several random starts, the best kept.
 *
 * <p>Only z moves. StyleGAN's W+ (one code per layer) has no counterpart in a DCGAN, which has no
 * mapping network to feed per layer; the per-stage freedom here is intermediate-features', which moves
 * the maps entering the generator's blocks.
 */
final class LatentOptimization extends GanInversion {

    static final String NAME = "latent-optimization";
    static final ParamSet PARAMETERS = parameters(RESTARTS);
    static final PlannedIterations PLAN = spec -> PlannedIterations.capped(randomStarts(spec));

    @Override
    Reconstruction invert(Inversion run) throws Exception {
        GeneratorSearch best = run.bestOfRandomStarts(run.objective(run.target), run.parameters.getInt("restarts"));
        return new Reconstruction(best.bestImages(), Map.of("objective", best.bestObjective()));
    }
}
