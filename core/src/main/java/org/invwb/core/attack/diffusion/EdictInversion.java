package org.invwb.core.attack.diffusion;

import ai.djl.ndarray.NDArray;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;

/**
 * EDICT, "Exact Diffusion Inversion via Coupled Transformations" (Wallace, Gokul and Naik, CVPR 2023):
 * two coupled copies x, y of the state, each updated by the DDIM step with ε taken at the other, then
 * mixed with weight p. With a = √(ᾱ_{k−1}/ᾱ_k) and b = √(1−ᾱ_{k−1}) − √(ᾱ_{k−1}(1−ᾱ_k)/ᾱ_k), a
 * denoising step from k to k−1 is
 * <pre>
 *   x' = a·x + b·ε(y, τ_k)        y' = a·y + b·ε(x', τ_k)
 *   x'' = p·x' + (1−p)·y'         y'' = p·y' + (1−p)·x''
 * </pre>
 * and every line can be solved for its left-hand input, so inversion runs the same lines backwards and
 * the round trip is exact up to rounding, whatever ε is. As in the reference code, the roles of x and y
 * swap on every other step ("leapfrog"), p = 0.93 and the latents are float64.
 */
final class EdictInversion extends DiffusionInversion {

    static final String NAME = "edict";

    static final ParamSet PARAMETERS = ParamSet.of(STEPS, guidance(3, "3"), precision("float64", "float64"),
            ParamDecl.real("mixing", 0.93, 0.5, 1, "mixing weight p of the coupled sequences (1: no mixing, not"
                    + " invertible in practice)").paper("0.93"),
            ParamDecl.bool("leapfrog", true, "swap the roles of x and y on every other step").paper("true"),
            TARGET_CLASS);

    private record Pair(NDArray x, NDArray y) implements Latent {
        @Override
        public NDArray noise() {
            return x;
        }
    }

    @Override
    Latent invert(Inversion run, NDArray x0, Trace trace) throws Exception {
        double p = run.ctx.section("parameters").getDouble("mixing");
        Pair s = new Pair(x0, x0);
        for (int k = 1; k <= run.grid.steps(); k++) {
            boolean swap = swapped(run, k);
            Pair in = swap ? new Pair(s.y(), s.x()) : s;
            int point = k;
            NDArray[] out = run.step(m -> {
                double[] ab = run.grid.move(point, point - 1);
                int t = run.grid.timestep(point);
                NDArray yInter = in.y().sub(in.x().mul(1 - p)).divi(p);
                NDArray xInter = in.x().sub(yInter.mul(1 - p)).divi(p);
                NDArray y = yInter.sub(run.model.epsilon(xInter, t, run.labels, run.guidance).mul(ab[1])).divi(ab[0]);
                NDArray x = xInter.sub(run.model.epsilon(y, t, run.labels, run.guidance).mul(ab[1])).divi(ab[0]);
                return new NDArray[] {x, y};
            });
            s = swap ? new Pair(out[1], out[0]) : new Pair(out[0], out[1]);
            trace.at(k, s.x());
        }
        return s;
    }

    @Override
    NDArray regenerate(Inversion run, Latent latent, int[] labels, Trace trace) throws Exception {
        double p = run.ctx.section("parameters").getDouble("mixing");
        Pair s = (Pair) latent;
        for (int k = run.grid.steps(); k >= 1; k--) {
            boolean swap = swapped(run, k);
            Pair in = swap ? new Pair(s.y(), s.x()) : s;
            int point = k;
            NDArray[] out = run.step(m -> {
                double[] ab = run.grid.move(point, point - 1);
                int t = run.grid.timestep(point);
                NDArray xInter = in.x().mul(ab[0]).addi(run.model.epsilon(in.y(), t, labels, run.guidance).mul(ab[1]));
                NDArray yInter = in.y().mul(ab[0]).addi(run.model.epsilon(xInter, t, labels, run.guidance).mul(ab[1]));
                NDArray x = xInter.mul(p).addi(yInter.mul(1 - p));
                NDArray y = yInter.mul(p).addi(x.mul(1 - p));
                return new NDArray[] {x, y};
            });
            s = swap ? new Pair(out[1], out[0]) : new Pair(out[0], out[1]);
            trace.at(k - 1, s.x());
        }
        return s.x();
    }

    /** Whether the step between points k−1 and k runs with x and y swapped: every other step, counted from the noise. */
    private static boolean swapped(Inversion run, int k) {
        return run.ctx.section("parameters").getBoolean("leapfrog") && (run.grid.steps() - k) % 2 == 1;
    }
}
