package org.invwb.core.attack.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.invwb.core.engine.Scalars;
import org.invwb.core.engine.Autograd;
import org.invwb.core.nn.diffusion.DiffusionModel;
import org.invwb.core.optim.Adam;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;

/**
 * Null-text inversion (Mokady, Hertz, Aberman, Pritch and Cohen-Or, CVPR 2023), with the null class's
 * embedding in the role of the null text. DDIM inversion with the conditional model alone (w = 1)
 * gives a pivot trajectory z*_0..z*_S, which guided DDIM does not retrace. Starting from z̄_S = z*_S,
 * each step k = S..1 tunes the null embedding ∅_k by Adam so that the guided DDIM step from z̄_k lands
 * on z*_{k−1} (mean squared error), then takes that step: lr 1e-2·(1 − i/100) at the i-th step, at most
 * 10 inner iterations, stopping once the loss is below 1e-5 + i·2e-5, each ∅_k starting from ∅_{k+1}.
 * Regeneration is guided DDIM from z*_S with the tuned ∅_k, so the latent is z*_S plus S embeddings.
 */
final class NullTextInversion extends DiffusionInversion {

    static final String NAME = "null-text";

    static final ParamSet PARAMETERS = ParamSet.of(STEPS, guidance(7.5, "7.5"), precision("float32", null),
            ParamDecl.integer("innerSteps", 10, 1, 1000, "most Adam iterations per timestep").paper("10"),
            ParamDecl.real("lr", 1e-2, 0, 10, "Adam learning rate at the first timestep; the i-th uses"
                    + " lr·(1 − i/100)").paper("1e-2"),
            ParamDecl.real("earlyStop", 1e-5, 0, 1, "stop a timestep's iterations once the loss is below this"
                    + " + i·2e-5").paper("1e-5"),
            TARGET_CLASS);

    private record Tuned(NDArray noise, NDArray[] nullEmbeddings) implements Latent {
    }

    private int innerIterations;
    private final List<Double> finalLosses = new ArrayList<>();

    @Override
    void requireModel(DiffusionModel model) throws SpecException {
        if (!model.hasClassEmbedding()) {
            throw new SpecException("model.weights", "null-text tunes the null class's embedding, which a"
                    + " TorchScript ε-model keeps inside the module; use ddim-inversion, edict, bdia or spd-inversion"
                    + " with it, or give the UNet's weights");
        }
    }

    @Override
    Latent invert(Inversion run, NDArray x0, Trace trace) throws Exception {
        int steps = run.grid.steps();
        NDArray[] pivot = new NDArray[steps + 1];
        pivot[0] = x0;
        for (int k = 1; k <= steps; k++) {
            pivot[k] = DdimInversion.invertStep(run, pivot[k - 1], k, 1);
            trace.at(k, pivot[k]);
        }
        ParamValues p = run.ctx.section("parameters");
        NDArray embedding = run.model.nullEmbedding(run.root);
        NDArray[] tuned = new NDArray[steps + 1];
        NDArray current = pivot[steps];
        for (int i = 0; i < steps; i++) {
            int k = steps - i;
            int t = run.grid.timestep(k);
            NDArray from = current;
            NDArray conditional = run.step(m -> new NDArray[] {run.model.conditional(from, t, run.labels)})[0];
            double first = Double.NaN;
            double loss = Double.NaN;
            try (Adam adam = Adam.withDefaults(run.root, p.getDouble("lr") * (1 - i / 100.0))) {
                for (int j = 0; j < p.getInt("innerSteps"); j++) {
                    run.checkpoint();
                    loss = innerStep(run, adam, embedding, from, conditional, pivot[k - 1], k, t);
                    innerIterations++;
                    first = j == 0 ? loss : first;
                    if (loss < p.getDouble("earlyStop") + i * 2e-5) {
                        break;
                    }
                }
            }
            finalLosses.add(loss);
            tuned[k] = embedding.duplicate();
            NDArray tunedNull = tuned[k];
            current = run.step(m -> new NDArray[] {run.move(from,
                    guided(run, run.model.unconditional(from, t, tunedNull), conditional), k, k - 1)})[0];
            conditional.close();
            run.ctx.events().accept(new Log(Log.Level.DEBUG, String.format(Locale.ROOT,
                    "timestep %d: loss %.3g -> %.3g", t, first, loss)));
        }
        return new Tuned(pivot[steps], tuned);
    }

    /** One Adam step on the null embedding; returns the loss before the step. */
    private static double innerStep(Inversion run, Adam adam, NDArray embedding, NDArray from, NDArray conditional,
                                    NDArray target, int k, int t) {
        try (NDManager m = run.root.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray leaf = embedding.stopGradient();
            leaf.attach(m);
            leaf.setRequiresGradient(true);
            NDArray eps = guided(run, run.model.unconditional(from, t, leaf), conditional);
            NDArray loss = run.move(from, eps, k, k - 1).sub(target).square().mean();
            double value = loss.toType(DataType.FLOAT64, false).getDouble();
            adam.step(List.of(embedding), Autograd.grad(loss, List.of(leaf), false));
            return value;
        }
    }

    private static NDArray guided(Inversion run, NDArray unconditional, NDArray conditional) {
        return unconditional.add(Scalars.times(conditional.sub(unconditional), run.guidance));
    }

    @Override
    NDArray regenerate(Inversion run, Latent latent, int[] labels, Trace trace) throws Exception {
        Tuned tuned = (Tuned) latent;
        NDArray x = tuned.noise();
        for (int k = run.grid.steps(); k >= 1; k--) {
            NDArray from = x;
            int point = k;
            x = run.step(m -> new NDArray[] {run.move(from, run.model.epsilon(from, run.grid.timestep(point), labels,
                    run.guidance, tuned.nullEmbeddings()[point]), point, point - 1)})[0];
            trace.at(k - 1, x);
        }
        return x;
    }

    @Override
    void addMetrics(Map<String, Object> metrics) {
        metrics.put("innerIterations", innerIterations);
        metrics.put("finalLosses", List.copyOf(finalLosses));
    }
}
