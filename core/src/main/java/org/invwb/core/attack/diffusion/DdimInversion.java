package org.invwb.core.attack.diffusion;

import ai.djl.ndarray.NDArray;
import org.invwb.core.run.ParamSet;

/**
 * DDIM inversion (Song, Meng and Ermon, ICLR 2021; Dhariwal and Nichol 2021): the deterministic DDIM
 * update run backwards, x_k = a·x_{k−1} + b·ε(x_{k−1}, τ_k), evaluating ε at the point it leaves rather
 * than the one it reaches (as the prompt-to-prompt and null-text code does). Regeneration runs DDIM
 * forwards from x_S. The two differ by ε(x_{k−1}) against ε(x_k), a small error per step that guidance
 * w > 1 amplifies: the round trip drifts.
 */
final class DdimInversion extends DiffusionInversion {

    static final String NAME = "ddim-inversion";

    static final ParamSet PARAMETERS = ParamSet.of(STEPS, guidance(1, null), precision("float32", null), TARGET_CLASS);

    /** x_k from x_{k−1}, one inversion step at guidance {@code guidance} with the run's classes. */
    static NDArray invertStep(Inversion run, NDArray x, int k, double guidance) {
        return run.step(m -> new NDArray[] {
            run.move(x, run.model.epsilon(x, run.grid.timestep(k), run.labels, guidance), k - 1, k)})[0];
    }

    @Override
    Latent invert(Inversion run, NDArray x0, Trace trace) throws Exception {
        NDArray x = x0;
        for (int k = 1; k <= run.grid.steps(); k++) {
            x = invertStep(run, x, k, run.guidance);
            trace.at(k, x);
        }
        NDArray noise = x;
        return () -> noise;
    }

    @Override
    NDArray regenerate(Inversion run, Latent latent, int[] labels, Trace trace) throws Exception {
        NDArray x = latent.noise();
        for (int k = run.grid.steps(); k >= 1; k--) {
            NDArray from = x;
            int point = k;
            x = run.step(m -> new NDArray[] {
                run.move(from, run.model.epsilon(from, run.grid.timestep(point), labels, run.guidance), point,
                        point - 1)})[0];
            trace.at(k - 1, x);
        }
        return x;
    }
}
