package org.invwb.core.attack.diffusion;

import ai.djl.ndarray.NDArray;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.Scalars;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.PlannedIterations;
import org.invwb.core.run.ParamValues;

/**
 * Diffusion posterior sampling (Chung, Kim, Mccann, Klasky and Ye, ICLR 2023): DDPM's ancestral
 * sampler, each step followed by a gradient step on the measurement error of the denoised estimate,
 * x_{t−1} = x'_{t−1} − ζ·∇_{x_t}‖y − A(x̂_0(x_t))‖ with x̂_0 = (x_t − √(1−ᾱ_t)·ε̂(x_t))/√ᾱ_t clipped
 * to [−1, 1], as the reference code takes it: the gradient of the norm, not its square, which is the
 * paper's step ζ_t = ζ/‖y − A(x̂_0)‖ on the squared error, halved. The gradient runs back through the
 * network (one ε̂ and one backward pass per step), each image with its own norm. With fewer steps
 * than timesteps the sampler is respaced: step k goes from τ_k to τ_{k−1} with β = 1 − ᾱ_{τ_k}/ᾱ_{τ_{k−1}}.
 */
final class Dps extends InverseProblem {

    static final String NAME = "dps";

    static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.integer("steps", 1000, 1, 100_000, "ancestral sampling steps").paper("1000"),
            ParamDecl.real("zeta", 1.0, 0, 1000, "step size ζ on ‖y − A(x̂_0)‖").paper("1.0; the released configs use"
                    + " 0.5 for inpainting, 0.3 for ×4 super-resolution").live(),
            CLASS_LABEL);

    /** One iteration per step. */
    static final PlannedIterations PLAN = PlannedIterations.field("parameters", "steps");

    @Override
    NDArray solve(Solve solve) throws Exception {
        ParamValues p = solve.ctx.section("parameters");
        double zeta = p.getDouble("zeta");
        NDArray x = solve.model.gaussian(solve.root, solve.shape, solve.random);
        for (int k = solve.grid.steps(); k >= 1; k--) {
            zeta = solve.ctx.liveDouble("parameters", "zeta", zeta, solve.grid.steps() - k + 1);
            int t = solve.grid.timestep(k);
            double a = solve.grid.alphaBar(k);
            double aPrev = solve.grid.alphaBar(k - 1);
            double beta = 1 - a / aPrev;
            double zetaNow = zeta;
            NDArray from = x;
            int point = k;
            NDArray[] kept = solve.step(m -> {
                NDArray leaf = from.stopGradient();
                leaf.attach(m);
                leaf.setRequiresGradient(true);
                NDArray eps = solve.model.epsilon(leaf, t, solve.labels, 1);
                NDArray x0 = Scalars.dividedBy(leaf.sub(Scalars.times(eps, Math.sqrt(1 - a))), Math.sqrt(a))
                        .clip(-1, 1);
                long n = from.getShape().get(0);
                NDArray norms = solve.degradation.apply(x0).sub(solve.y).reshape(n, -1).square().sum(new int[] {1})
                        .sqrt().sum();
                NDArray grad = Autograd.grad(norms, leaf);
                // the posterior mean of x_{t−1} given x_t and x̂_0, plus its noise but at the last step
                NDArray clean = x0.stopGradient();
                NDArray next = clean.mul(Math.sqrt(aPrev) * beta / (1 - a))
                        .addi(from.mul(Math.sqrt(1 - beta) * (1 - aPrev) / (1 - a)));
                if (point > 1) {
                    double variance = beta * (1 - aPrev) / (1 - a);
                    next.addi(solve.model.gaussian(m, from.getShape(), solve.random).muli(Math.sqrt(variance)));
                }
                next.subi(grad.mul(zetaNow));
                return new NDArray[] {next, point > 1 ? clean.duplicate() : next.duplicate()};
            });
            from.close();
            x = kept[0];
            solve.reached(k, kept[1]);
            kept[1].close();
        }
        return x;
    }
}
