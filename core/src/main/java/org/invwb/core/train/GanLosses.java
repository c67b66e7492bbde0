package org.invwb.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.function.UnaryOperator;
import org.invwb.core.engine.Autograd;

/**
 * The two GAN objectives on discriminator scores. The non-saturating GAN (Goodfellow et al. 2014,
 * as DCGAN trains it) treats a score as a logit: the discriminator minimises −log σ(D(x)) −
 * log(1 − σ(D(G(z)))), the generator −log σ(D(G(z))). WGAN-GP (Gulrajani et al., NeurIPS 2017)
 * treats it as a critic value: the critic minimises E D(G(z)) − E D(x) + λ·E(‖∇D(x̂)‖₂ − 1)² on
 * random interpolates x̂, the generator −E D(G(z)). Every loss is a mean over the batch.
 */
public final class GanLosses {

    private GanLosses() {
    }

    /** −log σ(real) − log(1 − σ(fake)) averaged, as softplus(−real) + softplus(fake) for stability. */
    public static NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits) {
        return Activation.softPlus(realLogits.neg()).mean().add(Activation.softPlus(fakeLogits).mean());
    }

    /** The non-saturating generator loss −log σ(fake) averaged. */
    public static NDArray generatorLoss(NDArray fakeLogits) {
        return Activation.softPlus(fakeLogits.neg()).mean();
    }

    /** The critic's estimate of the Wasserstein distance, E D(x) − E D(G(z)); the critic maximises it. */
    public static NDArray wasserstein(NDArray realScores, NDArray fakeScores) {
        return realScores.mean().sub(fakeScores.mean());
    }

    /** WGAN-GP's generator loss −E D(G(z)). */
    public static NDArray criticGeneratorLoss(NDArray fakeScores) {
        return fakeScores.mean().neg();
    }

    /**
     * E(‖∇x̂ D(x̂)‖₂ − 1)² over the images {@code interpolates} (N, ...), the norm taken per image, without
     * the factor λ. The input gradient is kept in the graph, so the result can be differentiated with
     * respect to the critic's weights (a second-order gradient).
     */
    public static NDArray gradientPenalty(UnaryOperator<NDArray> critic, NDArray interpolates) {
        NDArray x = Autograd.leaf(interpolates);
        NDArray inputGradient = Autograd.grad(critic.apply(x).sum(), List.of(x), true).get(0);
        NDArray norms = inputGradient.reshape(x.getShape().get(0), -1).square().sum(new int[] {1}).sqrt();
        return norms.sub(1).square().mean();
    }
}
