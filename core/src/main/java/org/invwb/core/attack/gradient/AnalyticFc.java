package org.invwb.core.attack.gradient;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.FloatImage;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.fl.Observation;
import org.invwb.core.fl.UpdateKind;
import org.invwb.core.metrics.BatchScore;
import org.invwb.core.metrics.BatchScorer;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Network;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.IterationDriver;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.PlannedIterations;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;

/**
 * Analytic input recovery from a fully connected first layer (Phong et al., "Privacy-Preserving Deep
 * Learning via Additively Homomorphic Encryption", IEEE TIFS 2018; Geiping et al., NeurIPS 2020,
 * section 4): for y = Wx + b, ∂ℓ/∂W_i = (∂ℓ/∂y_i)·xᵀ and ∂ℓ/∂b_i = ∂ℓ/∂y_i, so every row i with a
 * non-zero bias gradient gives x = (∂ℓ/∂W_i)/(∂ℓ/∂b_i). No optimisation, no prior.
 *
 * <p>For a batch each row gives Σ_n w_{n,i}·x_n with weights summing to 1, mixing the examples for
 * which unit i is active. Behind a ReLU a unit active for one example alone gives that example
 * exactly, and every such unit gives the same image, while mixtures differ row by row. So the rows
 * are grouped by the image they give, and the largest groups are taken as the batch's images. An
 * example for which no unit is active alone cannot be recovered: its place is taken by a mixture.
 */
public final class AnalyticFc implements InversionMethod {

    public static final String NAME = "analytic-fc";

    static final ParamDecl MIN_BIAS_GRADIENT = ParamDecl.real("minBiasGradient", 1e-6, 0, 1,
            "rows whose |∂ℓ/∂b_i| is below this fraction of the largest are skipped as numerically unreliable");
    static final ParamDecl SAME_IMAGE_MSE = ParamDecl.real("sameImageMse", 1e-6, 0, 1,
            "two rows giving images closer than this mean squared error count as the same example (1e-6: 60 dB)");

    public static final ParamSet PARAMETERS = ParamSet.of(MIN_BIAS_GRADIENT, SAME_IMAGE_MSE);

    /** The recovery is closed-form: one iteration. */
    static final PlannedIterations PLAN = spec -> 1;

    /** A group of rows that give one image: its least-squares image Σ g_b·g_W / Σ g_b², and how many rows. */
    private record Group(double[] weighted, double[] first, double biasSquares, int rows) {
    }

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues p = ctx.section("parameters");
        ClientScenario scenario = ClientScenario.build(ctx.spec());
        List<FloatImage> truth = scenario.batch().images();
        int[] trueLabels = scenario.batch().labels();
        String[] layer = firstLinearLayer(scenario.network());
        Observation observation = scenario.observation();
        if (observation.kind() != UpdateKind.GRADIENT) {
            throw new RunFailure("analytic-fc divides a weight gradient by a bias gradient; this update is a FedAvg"
                    + " weight difference after " + observation.localSteps() + " local steps, which is no gradient");
        }
        // one closed-form step: cancelled before it, nothing has been reached
        IterationDriver driver = ctx.driver((done, note) -> null);
        driver.checkpoint();
        HostTensor gw = observation.update().get(layer[0]);
        HostTensor gb = observation.update().get(layer[1]);
        List<Group> groups = groupRows(gw, gb, p.getDouble("minBiasGradient"), p.getDouble("sameImageMse"));
        int batch = observation.batchSize();
        if (groups.isEmpty()) {
            throw new RunFailure("every bias gradient of " + layer[1] + " is zero: no unit of the first layer is"
                    + " active, so nothing can be recovered");
        }
        Shape in = scenario.network().inputShape();
        List<FloatImage> recon = new ArrayList<>(batch);
        int[] support = new int[batch];
        for (int k = 0; k < batch; k++) {
            // fewer distinct groups than examples: repeat the best ones rather than invent images
            Group g = groups.get(k % groups.size());
            recon.add(image(g, in));
            support[k] = g.rows();
        }
        int[] labels = batch == 1 ? new int[] {LabelRecovery.idlg(observation)} : LabelRecovery.yin(observation);
        BatchScore score = BatchScorer.score(truth, recon);
        List<FloatImage> matched = AttackOutcomes.matched(recon, score);
        driver.completed(Map.of("psnr", score.psnr(), "ssim", score.ssim()), () -> matched);
        long certain = Arrays.stream(support).filter(s -> s >= 2).count();
        String note = batch == 1
                ? "image read off " + groups.get(0).rows() + " rows of " + layer[0]
                : certain + " of " + batch + " images given identically by two or more rows of " + layer[0]
                  + " (a unit active for that example alone)"
                  + (certain < batch ? "; the others are likely mixtures of the batch" : "");
        RunOutcome outcome = new RunOutcome(1, metrics(score, trueLabels, labels, support, groups.size()), truth,
                matched, true, note);
        return AttackOutcomes.withClient(outcome, scenario);
    }

    /** The weight and bias names of the network's first layer, or a refusal naming the architecture. */
    static String[] firstLinearLayer(Network network) throws RunFailure {
        var first = network.parameterShapes().entrySet().iterator().next();
        String name = first.getKey();
        Shape shape = first.getValue();
        String layer = name.endsWith(".weight") ? name.substring(0, name.length() - ".weight".length()) : null;
        boolean linear = layer != null && shape.dimension() == 2 && shape.get(1) == network.inputShape().size()
                && network.parameterShapes().containsKey(layer + ".bias");
        if (!linear) {
            throw new RunFailure(NAME + " needs a network whose first layer is fully connected with a bias (mlp);"
                    + " " + network.name() + " starts with " + name + " of shape " + shape);
        }
        return new String[] {layer + ".weight", layer + ".bias"};
    }

    /** Rows with a usable bias gradient, grouped by the image they give, largest group first. */
    static List<Group> groupRows(HostTensor gw, HostTensor gb, double minBiasGradient, double sameImageMse) {
        int rows = gb.size();
        int d = gw.size() / rows;
        double largest = 0;
        for (float v : gb.data()) {
            largest = Math.max(largest, Math.abs(v));
        }
        if (largest == 0) {
            return List.of();
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            if (Math.abs(gb.data()[i]) > minBiasGradient * largest) {
                order.add(i);
            }
        }
        // the best-conditioned rows first, so each group is represented by a reliable row
        order.sort(Comparator.comparingDouble(i -> -Math.abs(gb.data()[i])));
        List<Group> groups = new ArrayList<>();
        double[] x = new double[d];
        for (int i : order) {
            double b = gb.data()[i];
            for (int j = 0; j < d; j++) {
                x[j] = gw.data()[i * d + j] / b;
            }
            int found = -1;
            for (int g = 0; g < groups.size() && found < 0; g++) {
                if (closerThan(x, groups.get(g).first(), sameImageMse * d)) {
                    found = g;
                }
            }
            if (found < 0) {
                groups.add(new Group(new double[d], x.clone(), 0, 0));
                found = groups.size() - 1;
            }
            Group g = groups.get(found);
            for (int j = 0; j < d; j++) {
                g.weighted()[j] += b * gw.data()[i * d + j];
            }
            groups.set(found, new Group(g.weighted(), g.first(), g.biasSquares() + b * b, g.rows() + 1));
        }
        groups.sort(Comparator.comparingInt(g -> -g.rows()));
        return groups;
    }

    /** Whether the squared distance is below {@code limit}, stopping as soon as it is not. */
    private static boolean closerThan(double[] a, double[] b, double limit) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double e = a[j] - b[j];
            s += e * e;
            if (s >= limit) {
                return false;
            }
        }
        return true;
    }

    private static FloatImage image(Group g, Shape in) {
        float[] px = new float[g.weighted().length];
        for (int j = 0; j < px.length; j++) {
            px[j] = (float) (g.weighted()[j] / g.biasSquares());
        }
        return new FloatImage((int) in.get(0), (int) in.get(1), (int) in.get(2), px).clamped();
    }

    private static Map<String, Object> metrics(BatchScore score, int[] trueLabels, int[] recovered, int[] support,
                                               int groups) {
        return AttackOutcomes.metrics(score, trueLabels, recovered, Map.of("distinctRowImages", groups),
                Map.entry("rows", support));
    }
}
