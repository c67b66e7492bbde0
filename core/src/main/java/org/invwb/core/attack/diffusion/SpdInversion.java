package org.invwb.core.attack.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.invwb.core.engine.Autograd;
import org.invwb.core.optim.Adam;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;

/**
 * SPDInv, "Source Prompt Disentangled Inversion for Boosting Image Editability with Diffusion Models"
 * (Li, Li, Guo and Zhang, ECCV 2024), with the image's class in the role of the source prompt. DDIM
 * inversion evaluates ε at the point a step leaves, ε(z_{k−1}), where exact inversion of DDIM sampling
 * needs it at the point the step reaches: z_k = D_{k−1→k}(z_{k−1}, ε(z_k)), a fixed point in z_k. Each
 * step starts from the DDIM guess and minimises the residual ‖z_k − D_{k−1→k}(z_{k−1}, ε(z_k, c))‖²
 * (mean over pixels, the gradient taken through ε too) with AdamW, for at most K iterations, stopping
 * once the residual is below δ; inversion uses the conditional model alone.
 *
 * <p>Regeneration follows the reference's editing: the source class takes the null class's place in
 * classifier-free guidance, ε(c_src) + w·(ε(c_tgt) − ε(c_src)), so a round trip (c_tgt = c_src) runs
 * the very ε the fixed points were solved for whatever w is, and only the residual is left; an edit
 * is guided away from the source, not from the unconditional model.
 */
final class SpdInversion extends DiffusionInversion {

    static final String NAME = "spd-inversion";
    /** torch.optim.AdamW's default decay, which the reference leaves in place. */
    static final double WEIGHT_DECAY = 0.01;

    static final ParamSet PARAMETERS = ParamSet.of(STEPS, guidance(7.5, "7.5"), precision("float32", null),
            ParamDecl.integer("innerSteps", 25, 0, 1000, "most AdamW iterations on each step's fixed point (K);"
                    + " 0 is DDIM inversion").paper("25 (K_round)"),
            ParamDecl.real("lr", 1e-3, 0, 10, "AdamW learning rate of the fixed-point search").paper("1e-3"),
            ParamDecl.real("threshold", 5e-6, 0, 1, "stop a step's search once the residual (mean squared, in"
                    + " the model's [−1, 1] units) is below this δ").paper("5e-6 (delta_threshold)"),
            TARGET_CLASS);

    private int innerIterations;
    private final List<Double> firstResiduals = new ArrayList<>();
    private final List<Double> residuals = new ArrayList<>();

    @Override
    Latent invert(Inversion run, NDArray x0, Trace trace) throws Exception {
        ParamValues p = run.ctx.section("parameters");
        NDArray previous = x0;
        for (int k = 1; k <= run.grid.steps(); k++) {
            NDArray z = DdimInversion.invertStep(run, previous, k, 1);
            double first = Double.NaN;
            try (Adam adamW = Adam.adamW(run.root, p.getDouble("lr"), WEIGHT_DECAY)) {
                for (int j = 0; j < p.getInt("innerSteps"); j++) {
                    run.checkpoint();
                    double loss = innerStep(run, adamW, z, previous, k);
                    innerIterations++;
                    first = j == 0 ? loss : first;
                    if (loss < p.getDouble("threshold")) {
                        break;
                    }
                }
            }
            double residual = residual(run, z, previous, k);
            firstResiduals.add(Double.isNaN(first) ? residual : first);
            residuals.add(residual);
            run.note("residual", residual);
            run.ctx.events().accept(new Log(Log.Level.DEBUG, String.format(Locale.ROOT,
                    "timestep %d: fixed-point residual %.3g -> %.3g", run.grid.timestep(k), firstResiduals.get(k - 1),
                    residual)));
            trace.at(k, z);
            previous = z;
        }
        NDArray noise = previous;
        return () -> noise;
    }

    /** One AdamW step on {@code z}; returns the residual before the step, as the reference tests it. */
    private static double innerStep(Inversion run, Adam adamW, NDArray z, NDArray previous, int k) {
        try (NDManager m = run.root.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray leaf = z.stopGradient();
            leaf.attach(m);
            leaf.setRequiresGradient(true);
            NDArray loss = residualOf(run, leaf, previous, k);
            double value = loss.toType(DataType.FLOAT64, false).getDouble();
            adamW.step(List.of(z), Autograd.grad(loss, List.of(leaf), false));
            return value;
        }
    }

    /** ‖z − D_{k−1→k}(z_{k−1}, ε(z))‖², mean over the entries: zero at the exact inverse of the DDIM step. */
    private static double residual(Inversion run, NDArray z, NDArray previous, int k) {
        try (NDManager m = run.root.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return residualOf(run, z, previous, k).toType(DataType.FLOAT64, false).getDouble();
        }
    }

    private static NDArray residualOf(Inversion run, NDArray z, NDArray previous, int k) {
        NDArray eps = run.model.conditional(z, run.grid.timestep(k), run.labels);
        return z.sub(run.move(previous, eps, k - 1, k)).square().mean();
    }

    @Override
    NDArray regenerate(Inversion run, Latent latent, int[] labels, Trace trace) throws Exception {
        boolean roundTrip = Arrays.equals(labels, run.labels);
        NDArray x = latent.noise();
        for (int k = run.grid.steps(); k >= 1; k--) {
            NDArray from = x;
            int point = k;
            x = run.step(m -> {
                int t = run.grid.timestep(point);
                NDArray source = run.model.conditional(from, t, run.labels);
                NDArray eps = roundTrip ? source
                        : source.add(run.model.conditional(from, t, labels).sub(source).muli(run.guidance));
                return new NDArray[] {run.move(from, eps, point, point - 1)};
            })[0];
            trace.at(k - 1, x);
        }
        return x;
    }

    @Override
    void addMetrics(Map<String, Object> metrics) {
        metrics.put("innerIterations", innerIterations);
        metrics.put("firstResiduals", List.copyOf(firstResiduals));
        metrics.put("residuals", List.copyOf(residuals));
        metrics.put("maxResidual", residuals.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
}
