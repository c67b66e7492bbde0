package org.invwb.core.attack.diffusion;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.Scalars;
import org.invwb.core.optim.Adam;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.PlannedIterations;
import org.invwb.core.run.ParamValues;

/**
 * RED-diff (Mardani, Song, Kautz and Vahdat, ICLR 2024, "A Variational Perspective on Solving
 * Inverse Problems with Diffusion Models"): fit a point estimate μ of x by Adam on the variational
 * objective ‖y − A(μ)‖²/(2M) + λ·w_t·mean((ε̂(x_t, t) − ε)ᵀμ), x_t = √ᾱ_t·μ + √(1−ᾱ_t)·ε, one
 * timestep per iteration from the noisiest down. The second term is score distillation: its
 * gradient, λ·w_t·(ε̂ − ε), with ε̂ treated as a constant, pulls μ towards where the denoiser
 * agrees with it; w_t = √((1−ᾱ_t)/ᾱ_t), the inverse square-root SNR ("linear" weighting), makes
 * the noisy early steps shape the image and the late ones refine it. No gradient flows through the
 * network: one ε̂ evaluation per step. μ starts at A⁺y, with Adam's β = (0.9, 0.99).
 */
final class RedDiff extends InverseProblem {

    static final String NAME = "red-diff";

    static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.integer("steps", 1000, 1, 100_000, "timesteps visited, one Adam step each").paper("the config's default"
                    + " runs 50 of the 1000 timesteps, the README's example 100"),
            ParamDecl.real("lr", 0.1, 0, 100, "Adam learning rate on μ").paper("0.1 (config; the README's example"
                    + " run: 0.5)").live(),
            ParamDecl.real("lambda", 0.25, 0, 1000, "weight λ of the diffusion regulariser against the data"
                    + " fit").paper("0.25"),
            ParamDecl.real("sigmaX0", 0, 0, 1, "std of the noise added to μ before diffusing it (x0 = μ + σ·n)")
                    .paper("0"),
            CLASS_LABEL);

    /** One iteration per step. */
    static final PlannedIterations PLAN = PlannedIterations.field("parameters", "steps");

    @Override
    NDArray solve(Solve solve) throws Exception {
        ParamValues p = solve.ctx.section("parameters");
        double lambda = p.getDouble("lambda");
        double sigmaX0 = p.getDouble("sigmaX0");
        double lr = p.getDouble("lr");
        NDArray mu = solve.degradation.pseudoInverse(solve.y);
        try (Adam adam = new Adam(solve.root, lr, 0.9, 0.99, 1e-8, 0)) {
            for (int k = solve.grid.steps(); k >= 1; k--) {
                lr = solve.ctx.liveDouble("parameters", "lr", lr, solve.grid.steps() - k + 1);
                adam.setLearningRate(lr);
                int t = solve.grid.timestep(k);
                double a = solve.grid.alphaBar(k);
                double weight = lambda * Math.sqrt((1 - a) / a);
                solve.step(m -> {
                    NDArray leaf = mu.stopGradient();
                    leaf.attach(m);
                    leaf.setRequiresGradient(true);
                    NDArray x0 = sigmaX0 > 0
                            ? leaf.add(Scalars.times(solve.model.gaussian(m, mu.getShape(), solve.random), sigmaX0))
                            : leaf;
                    NDArray noise = solve.model.gaussian(m, mu.getShape(), solve.random);
                    NDArray xt = x0.stopGradient().mul(Math.sqrt(a)).addi(noise.mul(Math.sqrt(1 - a)));
                    NDArray eps = solve.model.epsilon(xt, t, solve.labels, 1);
                    NDArray denoise = Scalars.times(eps.sub(noise).mul(x0).mean(), weight);
                    NDArray fit = Scalars.dividedBy(solve.residualSquares(x0), 2 * solve.measurements());
                    adam.step(List.of(mu), List.of(Autograd.grad(denoise.add(fit), leaf)));
                    return new NDArray[0];
                });
                solve.reached(k, mu);
            }
        }
        return mu;
    }
}
