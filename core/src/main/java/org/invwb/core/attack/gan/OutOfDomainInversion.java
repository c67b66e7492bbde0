package org.invwb.core.attack.gan;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.PlannedIterations;

/**
 * Out-of-domain GAN inversion by invertibility decomposition, after Yang et al. (ICCV 2023, "Out-of-domain
 * GAN inversion via invertibility decomposition for photo-realistic human face manipulation"): the input
 * is split by a per-pixel mask m into what the generator can make and what it cannot, the latent is fitted
 * to the former only, and the result is m·x + (1 − m)·G(z), the out-of-domain part blended from the input.
 *
 * <p>The paper predicts m with a network trained for the purpose; here, with no such network, m is derived
 * from the reconstruction residual ({@link InvertibilityMask}) and refined by alternation: a plain latent
 * inversion (latent-optimization's) gives the first residual and mask; each further round refits z to
 * the blend, so the masked pixels no longer pull the latent, and derives the mask again from the new
 * residual.
 */
final class OutOfDomainInversion extends GanInversion {

    static final String NAME = "out-of-domain-inversion";
    static final ParamSet PARAMETERS = parameters(RESTARTS,
            ParamDecl.integer("rounds", 3, 1, 100, "mask rounds: the first is a plain latent inversion, each"
                    + " further one refits z (iterations Adam steps from the last z) to the blend under the last"
                    + " mask").group("mask"),
            ParamDecl.real("maskThreshold", 0.25, 0, 1, "a pixel is out of domain where the residual |x − G(z)|,"
                    + " averaged over the window around it, exceeds this").group("mask"),
            ParamDecl.integer("maskWindow", 5, 1, 31, "side of the window the residual is averaged over, odd")
                    .unit("px").group("mask"));

    /** The random starts of the first round, then one latent search per further round. */
    static final PlannedIterations PLAN = spec -> {
        ParamValues p = spec.section("parameters");
        return PlannedIterations.capped(randomStarts(spec) + (long) (p.getInt("rounds") - 1) * p.getInt("iterations"));
    };

    @Override
    Reconstruction invert(Inversion run) throws Exception {
        var p = run.parameters;
        int window = p.getInt("maskWindow");
        if (window % 2 == 0) {
            throw new org.invwb.core.run.SpecException("parameters.maskWindow", window + " is even; the window is"
                    + " centred on its pixel, so give an odd side (1, 3, 5, …)");
        }
        double threshold = p.getDouble("maskThreshold");
        ReconstructionObjective plain = run.objective(run.target);
        GeneratorSearch search = run.bestOfRandomStarts(plain, p.getInt("restarts"));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("latentPsnr", run.psnr(search.bestImages()));
        NDArray mask = keep(run, InvertibilityMask.derive(run.target, search.bestImages(), threshold, window));
        for (int round = 2; round <= p.getInt("rounds"); round++) {
            NDArray z = keep(run, search.bestInput().duplicate());
            search.close();
            NDArray m = mask;
            search = run.search(images -> plain.evaluate(InvertibilityMask.blend(images, m, run.target)),
                    images -> InvertibilityMask.blend(images, m, run.target), "round", round);
            search.searchLatent(z, run.latentPhase(), run.latentClip());
            mask = keep(run, InvertibilityMask.derive(run.target, search.bestImages(), threshold, window));
        }
        NDArray result = InvertibilityMask.blend(search.bestImages(), mask, run.target);
        metrics.put("generatedPsnr", run.psnr(search.bestImages()));
        float[] m = mask.toFloatArray();
        double area = 0;
        for (float v : m) {
            area += v / m.length;
        }
        metrics.put("maskArea", area);
        if (run.stamp != StampedContent.NONE) {
            metrics.put("maskIoU", iou(m, run.stamp, run.batch.height(), run.batch.width()));
        }
        return new Reconstruction(result, metrics);
    }

    private static NDArray keep(Inversion run, NDArray x) {
        x.attach(run.root);
        return x;
    }

    /** Intersection over union of the mask (N·H·W values, 1 inside) with the stamped pixels, over the batch. */
    static double iou(float[] mask, StampedContent stamp, int height, int width) {
        long both = 0;
        long either = 0;
        for (int i = 0; i < mask.length; i++) {
            int y = (i / width) % height;
            int x = i % width;
            boolean in = mask[i] > 0.5f;
            boolean stamped = stamp.covers(y, x, height, width);
            both += in && stamped ? 1 : 0;
            either += in || stamped ? 1 : 0;
        }
        return either == 0 ? 1 : (double) both / either;
    }
}
