package org.invwb.core.attack.diffusion;

import ai.djl.ndarray.NDArray;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;

/**
 * BDIA-DDIM, "Exact Diffusion Inversion via Bi-directional Integration Approximation" (Zhang, Lewis
 * and Kleijn, ECCV 2024). Each step uses ε(x_i, τ_i) twice: forwards, the DDIM move D_{i→i−1}(x_i),
 * and backwards, the DDIM move D_{i→i+1}(x_i) that approximates the previous step from the other end:
 * <pre>
 *   x_{i−1} = γ·x_{i+1} + D_{i→i−1}(x_i) − γ·D_{i→i+1}(x_i)
 * </pre>
 * (γ = 0 is plain DDIM). Given (x_i, x_{i−1}) the update solves for x_{i+1}, so the pair (x_S, x_{S−1})
 * regenerates the image exactly up to rounding, at DDIM's cost of one ε per step. The first step from
 * the noise is plain DDIM; inversion reaches x_1 from the image by one DDIM inversion step, and the
 * latent is the last two states.
 */
final class BdiaInversion extends DiffusionInversion {

    static final String NAME = "bdia";

    static final ParamSet PARAMETERS = ParamSet.of(STEPS, guidance(1, null), precision("float64", null),
            ParamDecl.real("gamma", 1.0, 1e-3, 1, "weight γ of the backward integration approximation; 0 would be"
                    + " DDIM, which cannot be inverted exactly").paper("γ in [0, 1]; 1 in the reference scheduler"),
            TARGET_CLASS);

    private record Pair(NDArray last, NDArray beforeLast) implements Latent {
        @Override
        public NDArray noise() {
            return last;
        }
    }

    @Override
    Latent invert(Inversion run, NDArray x0, Trace trace) throws Exception {
        double gamma = run.ctx.section("parameters").getDouble("gamma");
        NDArray previous = x0;
        NDArray current = DdimInversion.invertStep(run, x0, 1, run.guidance);
        trace.at(1, current);
        for (int i = 1; i < run.grid.steps(); i++) {
            NDArray before = previous;
            NDArray here = current;
            int point = i;
            NDArray next = run.step(m -> {
                NDArray eps = run.model.epsilon(here, run.grid.timestep(point), run.labels, run.guidance);
                NDArray down = run.move(here, eps, point, point - 1);
                NDArray up = run.move(here, eps, point, point + 1);
                return new NDArray[] {before.sub(down).divi(gamma).addi(up)};
            })[0];
            previous = current;
            current = next;
            trace.at(i + 1, current);
        }
        return new Pair(current, previous);
    }

    @Override
    NDArray regenerate(Inversion run, Latent latent, int[] labels, Trace trace) throws Exception {
        double gamma = run.ctx.section("parameters").getDouble("gamma");
        Pair pair = (Pair) latent;
        int steps = run.grid.steps();
        NDArray after = pair.last();
        NDArray here = pair.beforeLast();
        if (steps == 1) {
            return here;
        }
        trace.at(steps - 1, here);
        for (int i = steps - 1; i >= 1; i--) {
            NDArray later = after;
            NDArray now = here;
            int point = i;
            NDArray next = run.step(m -> {
                NDArray eps = run.model.epsilon(now, run.grid.timestep(point), labels, run.guidance);
                NDArray down = run.move(now, eps, point, point - 1);
                NDArray up = run.move(now, eps, point, point + 1);
                return new NDArray[] {later.mul(gamma).addi(down).subi(up.muli(gamma))};
            })[0];
            after = here;
            here = next;
            trace.at(i - 1, here);
        }
        return here;
    }
}
