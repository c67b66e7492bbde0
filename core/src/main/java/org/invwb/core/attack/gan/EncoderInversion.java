package org.invwb.core.attack.gan;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.invwb.core.nn.LatentEncoder;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.nn.WeightsException;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.SpecException;

/**
 * Hybrid GAN inversion: a trained encoder E gives the start z₀ = E(x), then the latent search refines it
 * (Zhu et al., ECCV 2016, "Generative Visual Manipulation on the Natural Image Manifold", hybrid method;
 * In-Domain GAN inversion, Zhu et al., ECCV 2020, encoder start then domain-regularised optimisation; the
 * regulariser, which keeps z near E's output, is left out here). The encoder comes from train-encoder.
 */
final class EncoderInversion extends GanInversion {

    static final String NAME = "encoder-inversion";
    static final String SHIPPED = WeightSources.BUNDLED_PREFIX + "encoder-dcgan-mnist-public";
    static final ParamSet PARAMETERS = parameters(
            ParamDecl.text("encoderWeights", SHIPPED, "the encoder's weights: " + WeightSources.BUNDLED_PREFIX
                    + "NAME (" + SHIPPED + " fits the shipped dcgan-mnist-public), a .safetensors file, or a"
                    + " train-encoder run folder; it must have been trained for this GAN").group("encoder"),
            ParamDecl.integer("encoderWidth", LatentEncoder.DEFAULT_WIDTH, 1, 1024, "channels of the encoder's"
                    + " first convolution; then 2× and 4×").group("encoder"));

    @Override
    Reconstruction invert(Inversion run) throws Exception {
        var p = run.parameters;
        LatentEncoder encoder = new LatentEncoder(run.generator.channels(), run.generator.imageSize(),
                run.generator.latentSize(), p.getInt("encoderWidth"));
        StateDict weights;
        try {
            weights = WeightSources.load(p.getString("encoderWeights"), encoder);
        } catch (WeightsException e) {
            throw new SpecException("parameters.encoderWeights", e.getMessage());
        }
        NDArray start = encoder.encode(weights.toArrays(run.root), run.target);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("startPsnr", run.psnr(run.generator.generate(run.params, start)));
        GeneratorSearch search = run.search(run.objective(run.target), x -> x, "restart", 0);
        search.searchLatent(start, run.latentPhase(), run.latentClip());
        metrics.put("objective", search.bestObjective());
        return new Reconstruction(search.bestImages(), metrics);
    }
}
