package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.data.FloatImage;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.fl.Observation;
import org.invwb.core.nn.BatchStatistics;
import org.invwb.core.nn.DropoutMasks;
import org.invwb.core.nn.Losses;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StatisticsForward;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;

/**
 * GradInversion (Yin, Mallya, Vahdat, Alvarez, Kautz and Molchanov, "See through Gradients: Image
 * Batch Recovery via GradInversion", CVPR 2021). Labels are read off the last layer's gradient
 * (the classes whose weight-gradient row has the smallest minimum; batches of distinct labels), then
 * images are optimised with Adam under cosine step-size decay to minimise
 * scale·Σ‖∇θℓ(x) − ∇θℓ(x*)‖² + α_BN·R_BN + α_TV·R_TV + α_ℓ2·‖x‖₂ (+ α_group·R_group),
 * where R_BN = Σ_l ‖μ_l(x) − μ_l‖₂ + ‖σ²_l(x) − σ²_l‖₂ compares each BatchNorm layer's batch statistics
 * with the global model's running statistics (the first layer weighted by 10, as in DeepInversion),
 * and R_group = ‖x − mean over seeds‖₂ pulls several runs from different random starts towards their
 * consensus (the paper registers the runs before averaging; here they are averaged as they are). With
 * several seeds the result is their mean. Langevin noise is added to the images after each step.
 *
 * <p>The authors released no code; the defaults are the paper's as collected in the breaching
 * library's configuration of this attack, which also lowers the Langevin noise from 0.2 to 0.01.
 */
public final class SeeThroughGradients implements InversionMethod {

    public static final String NAME = "see-through-gradients";

    static final ParamDecl ITERATIONS = ParamDecl.integer("iterations", 20_000, 1, 1_000_000, "Adam steps")
            .paper("20000");
    static final ParamDecl LR = ParamDecl.real("lr", 0.1, 1e-6, 10, "initial Adam step size, decayed by a cosine")
            .paper("0.1");
    static final ParamDecl WARM_UP = ParamDecl.integer("warmUp", 50, 0, 1_000_000,
            "iterations of linear step-size warm-up before the cosine decay").paper("50 (breaching)");
    static final ParamDecl GRADIENT_SCALE = ParamDecl.real("gradientScale", 1e-4, 0, 1e6,
            "weight of the squared L2 gradient distance").paper("1e-4 (breaching)");
    static final ParamDecl BN = ParamDecl.real("batchNorm", 0.1, 0, 1e6,
            "α_BN: weight of the BatchNorm statistics prior").paper("0.1 (breaching)");
    static final ParamDecl FIRST_BN = ParamDecl.real("firstBatchNormMultiplier", 10, 0, 1e6,
            "extra weight of the first BatchNorm layer in the prior").paper("10 (DeepInversion, breaching)");
    static final ParamDecl TV = ParamDecl.real("totalVariation", 1e-4, 0, 1e6, "α_TV: weight of the total-variation prior")
            .paper("1e-4");
    static final ParamDecl L2 = ParamDecl.real("l2", 1e-6, 0, 1e6, "α_ℓ2: weight of the image norm prior")
            .paper("1e-6");
    static final ParamDecl SEEDS = ParamDecl.integer("seeds", 1, 1, 64,
            "images optimised from different random starts; more than one adds the group-consistency term");
    static final ParamDecl GROUP = ParamDecl.real("groupConsistency", 0.01, 0, 1e6,
            "α_group: weight of the distance of each seed's images to the mean over seeds").paper("0.01");
    static final ParamDecl LANGEVIN = ParamDecl.real("langevinNoise", 0.01, 0, 10,
            "standard deviation of the noise added to the images after each step, times the step size")
            .paper("0.2 (paper), 0.01 (breaching)");

    public static final ParamSet PARAMETERS = ParamSet.of(ITERATIONS, LR, WARM_UP, GRADIENT_SCALE, BN, FIRST_BN, TV, L2,
            SEEDS, GROUP, LANGEVIN);

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        return attack(ctx, ClientScenario.build(ctx.spec()));
    }

    /** The attack on {@code scenario}'s client, with the parameters of {@code ctx}. */
    static RunOutcome attack(RunContext ctx, ClientScenario scenario) throws Exception {
        ParamValues p = ctx.section("parameters");
        Network network = scenario.network();
        if (network.bufferNames().isEmpty()) {
            throw new RunFailure(NAME + " matches BatchNorm statistics, so it needs a network with BatchNorm"
                    + " (resnet18, resnet20 or convnet); " + network.name() + " has none");
        }
        List<FloatImage> truth = scenario.batch().images();
        int[] trueLabels = scenario.batch().labels();
        int seeds = p.getInt("seeds");
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            Observation observation = scenario.fedSgdObservation();
            int[] labels = LabelRecovery.yin(observation);
            SplittableRandom random = AdamMatchingLoop.attackRandom(ctx.spec().seed());
            Shape in = network.inputShape();
            Shape batch = new Shape(observation.batchSize(), in.get(0), in.get(1), in.get(2));
            List<NDArray> variables = new ArrayList<>();
            for (int g = 0; g < seeds; g++) {
                variables.add(AdamMatchingLoop.standardNormal(root, batch, random));
            }
            try (ObservedGradient observed = new ObservedGradient(observation, root);
                 NDArray targets = Losses.oneHot(root, labels, network.numClasses())) {
                AdamMatchingLoop.Objective objective = objective(p, observed, targets);
                int iterations = p.getInt("iterations");
                AdamMatchingLoop.Settings settings = new AdamMatchingLoop.Settings(iterations, p.getDouble("lr"),
                        AdamMatchingLoop.cosineWithWarmUp(iterations, p.getInt("warmUp")), false, seeds,
                        p.getDouble("langevinNoise"), random.nextLong());
                String note = seeds > 1 ? "mean of " + seeds + " seeds held together by group consistency"
                        : "one seed, no group consistency";
                AdamMatchingLoop.Best best = AdamMatchingLoop.run(ctx, root, variables, objective, settings,
                        SeeThroughGradients::meanImages, truth,
                        b -> AdamMatchingLoop.outcome(b, truth, trueLabels, labels, scenario.defense(), note));
                return AdamMatchingLoop.outcome(best, truth, trueLabels, labels, scenario.defense(), note);
            } finally {
                variables.forEach(NDArray::close);
            }
        }
    }

    static AdamMatchingLoop.Objective objective(ParamValues p, ObservedGradient observed, NDArray targets) {
        float scale = (float) p.getDouble("gradientScale");
        float bn = (float) p.getDouble("batchNorm");
        float firstBn = (float) p.getDouble("firstBatchNormMultiplier");
        float tv = (float) p.getDouble("totalVariation");
        float l2 = (float) p.getDouble("l2");
        float group = (float) p.getDouble("groupConsistency");
        return (leaves, terms) -> {
            NDArray distance = null;
            NDArray prior = null;
            for (NDArray x : leaves) {
                StatisticsForward f = observed.network.forwardWithStatistics(observed.params, x, DropoutMasks.NONE);
                NDArray d = GradientDistance.L2.of(
                        observed.dummyGradient(Losses.softCrossEntropy(f.logits(), targets)), observed.target);
                NDArray r = batchNormPrior(f.statistics(), observed.params, firstBn).mul(bn)
                        .add(ImagePriors.totalVariation(x).mul(tv)).add(ImagePriors.l2Norm(x).mul(l2));
                distance = distance == null ? d : distance.add(d);
                prior = prior == null ? r : prior.add(r);
            }
            terms.put("gradientDistance", distance);
            NDArray loss = distance.mul(scale).add(prior);
            if (leaves.size() > 1 && group > 0) {
                NDArray consensus = mean(leaves).stopGradient();
                NDArray r = null;
                for (NDArray x : leaves) {
                    NDArray t = ImagePriors.l2Norm(x.sub(consensus));
                    r = r == null ? t : r.add(t);
                }
                terms.put("groupConsistency", r);
                loss = loss.add(r.mul(group));
            }
            return loss;
        };
    }

    /** Σ_l w_l·(‖μ_l(x) − running mean_l‖₂ + ‖σ²_l(x) − running var_l‖₂), w = the multiplier for the first layer, else 1. */
    static NDArray batchNormPrior(Map<String, BatchStatistics> statistics, Map<String, NDArray> params,
                                  float firstMultiplier) {
        NDArray sum = null;
        for (Map.Entry<String, BatchStatistics> e : statistics.entrySet()) {
            BatchStatistics s = e.getValue();
            NDArray term = s.mean().sub(params.get(e.getKey() + ".running_mean")).square().sum().sqrt()
                    .add(s.variance().sub(params.get(e.getKey() + ".running_var")).square().sum().sqrt());
            sum = sum == null ? term.mul(firstMultiplier) : sum.add(term);
        }
        return sum;
    }

    private static NDArray mean(List<NDArray> xs) {
        NDArray sum = xs.get(0);
        for (int i = 1; i < xs.size(); i++) {
            sum = sum.add(xs.get(i));
        }
        return sum.div((float) xs.size());
    }

    /** The images the attack presents: the mean over seeds (the one seed's images when there is one). */
    private static List<FloatImage> meanImages(List<NDArray> seeds) {
        List<FloatImage> mean = AdamMatchingLoop.images(seeds.get(0));
        for (int g = 1; g < seeds.size(); g++) {
            List<FloatImage> other = AdamMatchingLoop.images(seeds.get(g));
            for (int b = 0; b < mean.size(); b++) {
                float[] sum = mean.get(b).pixels();
                float[] add = other.get(b).pixels();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += add[i];
                }
            }
        }
        List<FloatImage> out = new ArrayList<>(mean.size());
        for (FloatImage image : mean) {
            float[] px = image.pixels();
            for (int i = 0; i < px.length; i++) {
                px[i] /= seeds.size();
            }
            out.add(image);
        }
        return out;
    }
}
