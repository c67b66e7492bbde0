package org.invwb.core.nn.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.SplittableRandom;

/**
 * Generation from noise: DDPM's ancestral sampler over every training timestep and DDIM's over a
 * coarse grid, with η interpolating from deterministic (0) to DDPM-like noise (1). Both guide with
 * the model's classifier-free guidance. Arrays are in [−1, 1]; compute thread only.
 */
public final class Samplers {

    /**
     * Sees each state as the sampler reaches it: the step number (1 first), the timestep reached (−1
     * for the clean image) and x there, which the sampler frees at its next step: copy what you keep.
     */
    @FunctionalInterface
    public interface StepListener {
        void step(int step, int timestep, NDArray x);
    }

    public static final StepListener IGNORE = (step, timestep, x) -> { };

    private Samplers() {
    }

    /**
     * DDIM from {@code noise} at the last grid point down to the clean image: x0̂ = (x − √(1−ᾱ)ε̂)/√ᾱ,
     * then x' = √ᾱ'·x0̂ + √(1−ᾱ'−σ²)·ε̂ + σz with σ = η·√((1−ᾱ')/(1−ᾱ))·√(1−ᾱ/ᾱ') (Song et al., eq. 12
     * and 16). With {@code clip}, x0̂ is clipped to [−1, 1] first, as the DDPM and DDIM reference
     * samplers do: at the noisiest points 1/√ᾱ magnifies the error of ε̂ a hundredfold. {@code random}
     * draws z; it is unused when η = 0. The result is owned by {@code owner}.
     */
    public static NDArray ddim(DiffusionModel model, NDArray noise, int[] labels, double guidance, DdimGrid grid,
                               double eta, boolean clip, SplittableRandom random, NDManager owner,
                               StepListener listener) {
        NDArray x = noise;
        for (int k = grid.steps(); k >= 1; k--) {
            try (NDManager m = owner.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray eps = model.epsilon(x, grid.timestep(k), labels, guidance);
                double a = grid.alphaBar(k);
                double aNext = grid.alphaBar(k - 1);
                double sigma = eta * Math.sqrt((1 - aNext) / (1 - a)) * Math.sqrt(1 - a / aNext);
                NDArray x0 = x.sub(eps.mul(Math.sqrt(1 - a))).divi(Math.sqrt(a));
                if (clip) {
                    x0 = x0.clip(-1, 1);
                }
                NDArray next = x0.muli(Math.sqrt(aNext)).addi(eps.mul(Math.sqrt(Math.max(0, 1 - aNext - sigma * sigma))));
                if (sigma > 0) {
                    next.addi(model.gaussian(m, x.getShape(), random).muli(sigma));
                }
                x = keep(next, owner, x, noise);
                listener.step(grid.steps() - k + 1, k == 1 ? -1 : grid.timestep(k - 1), x);
            }
        }
        return x;
    }

    /**
     * DDPM's ancestral sampler (Ho et al. 2020, algorithm 2) over all T timesteps:
     * x_{t−1} = (x_t − β_t/√(1−ᾱ_t)·ε̂)/√α_t + σ_t·z, with σ_t² the posterior variance
     * β̃_t = β_t(1−ᾱ_{t−1})/(1−ᾱ_t) and no noise at the last step. With {@code clip}, the mean is
     * the posterior mean given x0̂ clipped to [−1, 1], as the reference sampler computes it.
     */
    public static NDArray ddpm(DiffusionModel model, NDArray noise, int[] labels, double guidance, boolean clip,
                               SplittableRandom random, NDManager owner, StepListener listener) {
        NoiseSchedule s = model.schedule();
        NDArray x = noise;
        for (int t = s.steps() - 1; t >= 0; t--) {
            try (NDManager m = owner.newSubManager(); NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray eps = model.epsilon(x, t, labels, guidance);
                double beta = s.betas()[t];
                NDArray next;
                if (clip) {
                    // μ̃ = √ᾱ_{t−1}β_t/(1−ᾱ_t)·x0̂ + √α_t(1−ᾱ_{t−1})/(1−ᾱ_t)·x_t
                    double a = s.alphaBar(t);
                    double aPrev = s.alphaBar(t - 1);
                    NDArray x0 = x.sub(eps.mul(Math.sqrt(1 - a))).divi(Math.sqrt(a)).clip(-1, 1);
                    next = x0.muli(Math.sqrt(aPrev) * beta / (1 - a))
                            .addi(x.mul(Math.sqrt(s.alphas()[t]) * (1 - aPrev) / (1 - a)));
                } else {
                    next = x.sub(eps.mul(beta / Math.sqrt(1 - s.alphaBar(t)))).divi(Math.sqrt(s.alphas()[t]));
                }
                if (t > 0) {
                    double variance = beta * (1 - s.alphaBar(t - 1)) / (1 - s.alphaBar(t));
                    next.addi(model.gaussian(m, x.getShape(), random).muli(Math.sqrt(variance)));
                }
                x = keep(next, owner, x, noise);
                listener.step(s.steps() - t, t - 1, x);
            }
        }
        return x;
    }

    /** Moves {@code next} out of the step's scope into {@code owner}, freeing the state it replaces. */
    static NDArray keep(NDArray next, NDManager owner, NDArray previous, NDArray input) {
        next.attach(owner);
        NDScope.unregister(next);
        if (previous != input) {
            previous.close();
        }
        return next;
    }
}
