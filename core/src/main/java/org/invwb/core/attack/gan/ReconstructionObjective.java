package org.invwb.core.attack.gan;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.invwb.core.attack.ObjectiveTerms;

/**
 * What GAN inversion minimises: the pixel MSE between the generated images and the input, plus λ times
 * the MSE between their features in a classifier ({@link PerceptualFeatures}), as Image2StyleGAN
 * (Abdal, Qin and Wonka, ICCV 2019) combines a pixel and a perceptual loss. Per-example images match
 * the input in order.
 */
final class ReconstructionObjective implements GeneratorSearch.Objective {

    private final NDArray target;
    private final PerceptualFeatures perceptual;
    private final Map<String, NDArray> perceptualParams;
    private final NDArray targetFeatures;
    private final double weight;

    /**
     * @param perceptual the feature space, or null (then {@code weight} is not used)
     * @param params     its weights on the device
     */
    ReconstructionObjective(NDArray target, PerceptualFeatures perceptual, Map<String, NDArray> params,
                            double weight) {
        this.target = target;
        boolean on = perceptual != null && weight > 0;
        this.perceptual = on ? perceptual : null;
        this.perceptualParams = params;
        this.targetFeatures = on ? perceptual.features(params, target) : null;
        this.weight = weight;
    }

    @Override
    public ObjectiveTerms evaluate(NDArray images) {
        ObjectiveTerms terms = new ObjectiveTerms();
        terms.add("mse", images.sub(target).square().mean(), 1);
        if (perceptual != null) {
            terms.add("perceptual", perceptual.features(perceptualParams, images).sub(targetFeatures).square().mean(),
                    weight);
        }
        return terms;
    }
}
