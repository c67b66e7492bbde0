package org.invwb.core.attack.model;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.invwb.core.engine.Scalars;
import org.invwb.core.nn.Losses;

/**
 * How far the target classifier is from calling an image its class, averaged over the batch: the
 * cross-entropy (GMI), or the Poincaré loss of Plug & Play Attacks (Struppek et al., ICML 2022), which
 * IF-GMI uses: the hyperbolic distance arccosh(1 + δ), δ = 2‖u − v‖² / ((1 − ‖u‖²)(1 − ‖v‖²)), between the
 * L1-normalised logits u and the one-hot target v shrunk by ξ = 10⁻⁴.
 */
final class IdentityLoss {

    static final String CROSS_ENTROPY = "cross-entropy";
    static final String POINCARE = "poincare";
    static final List<String> NAMES = List.of(CROSS_ENTROPY, POINCARE);
    /** PPA's ξ, which keeps the target inside the unit ball. */
    static final double XI = 1e-4;

    private IdentityLoss() {
    }

    /** @param oneHot the targets (N, classes), on any manager */
    static NDArray of(String name, NDArray logits, NDArray oneHot) {
        return switch (name) {
            case CROSS_ENTROPY -> Losses.softCrossEntropy(logits, oneHot);
            case POINCARE -> poincare(logits, oneHot);
            default -> throw new IllegalArgumentException("unknown identity loss " + name + "; known: " + NAMES);
        };
    }

    private static NDArray poincare(NDArray logits, NDArray oneHot) {
        NDArray u = logits.div(logits.abs().sum(new int[] {1}, true));
        NDArray v = oneHot.sub(XI).clip(0, 1);
        double vNorm2 = (1 - XI) * (1 - XI);
        NDArray uNorm2 = u.square().sum(new int[] {1});
        NDArray diff2 = u.sub(v).square().sum(new int[] {1});
        NDArray delta = Scalars.times(diff2, 2 / (1 - vNorm2)).div(uNorm2.neg().add(1));
        // arccosh(1 + δ) = log(1 + δ + √(δ (δ + 2)))
        NDArray distance = delta.add(1).add(delta.mul(delta.add(2)).sqrt()).log();
        return distance.mean();
    }
}
