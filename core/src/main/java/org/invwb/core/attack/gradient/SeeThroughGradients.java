package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import org.invwb.core.attack.ObjectiveTerms;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.engine.Scalars;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.fl.Observation;
import org.invwb.core.fl.Sampling;
import org.invwb.core.nn.BatchStatistics;
import org.invwb.core.nn.DropoutMasks;
import org.invwb.core.nn.StatisticsForward;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunFailure;

/**
 * GradInversion (Yin, Mallya, Vahdat, Alvarez, Kautz and Molchanov, "See through Gradients: Image
 * Batch Recovery via GradInversion", CVPR 2021). Labels are read off the last layer's gradient (the
 * classes whose weight-gradient row has the smallest minimum; batches of distinct labels), then the
 * images are optimised with Adam, a linear warm-up and cosine decay of the step size, to minimise
 * scale·Σ‖∇θℓ(x) − ∇θℓ(x*)‖² + α_BN·R_BN + α_TV·R_TV + α_ℓ2·‖x‖₂, where
 * R_BN = Σ_l ‖μ_l(x) − μ_l‖₂ + ‖σ²_l(x) − σ²_l‖₂ compares each BatchNorm layer's batch statistics with
 * the global model's running statistics (the first layer weighted by 10, as in DeepInversion). Langevin
 * noise (its scale times the base step size) is added to the images after each step.
 *
 * <p>The authors released no code; the defaults are the paper's as collected in the breaching
 * library's configuration of this attack, which lowers the Langevin noise from 0.2 to 0.01. The
 * paper's group-consistency term over several concurrent seeds is not implemented.
 */
public final class SeeThroughGradients extends AdamGradientAttack {

    public static final String NAME = "see-through-gradients";

    static final ParamDecl ITERATIONS = ParamDecl.integer("iterations", 20_000, 1, 1_000_000,
            "Adam steps per restart").paper("20000");
    static final ParamDecl LR = ParamDecl.real("lr", 0.1, 1e-8, 100, "Adam's step size before the decay")
            .paper("0.1");
    static final ParamDecl WARM_UP = ParamDecl.integer("warmUp", 50, 0, 1_000_000,
            "iterations of linear step-size warm-up before the cosine decay").paper("50 (breaching)");
    static final ParamDecl GRADIENT_SCALE = ParamDecl.real("gradientScale", 1e-4, 0, 1e6,
            "weight of the squared L2 gradient distance (the reported distance is weighted)")
            .paper("1e-4 (breaching)");
    static final ParamDecl BN = ParamDecl.real("batchNorm", 0.1, 0, 1e6,
            "α_BN: weight of the BatchNorm statistics prior").paper("0.1 (breaching)");
    static final ParamDecl FIRST_BN = ParamDecl.real("firstBatchNormMultiplier", 10, 0, 1e6,
            "extra weight of the first BatchNorm layer in the prior").paper("10 (DeepInversion, breaching)");
    static final ParamDecl TV = ParamDecl.real("tv", 1e-4, 0, 1e6, "α_TV: weight of the total-variation prior")
            .paper("1e-4");
    static final ParamDecl L2 = ParamDecl.real("l2", 1e-6, 0, 1e6, "α_ℓ2: weight of the image norm prior")
            .paper("1e-6");
    static final ParamDecl LANGEVIN = ParamDecl.real("langevinNoise", 0.01, 0, 10,
            "standard deviation of the noise added to the images after each step, times the initial step size")
            .paper("0.2 (paper), 0.01 (breaching)");
    static final ParamDecl LABELS = LabelStrategy.param(LabelStrategy.YIN, List.of(LabelStrategy.values()), "yin");

    public static final ParamSet PARAMETERS = ParamSet.of(ITERATIONS, LR, WARM_UP, GRADIENT_SCALE, BN, FIRST_BN, TV,
            L2, LANGEVIN, RESTARTS, LABELS);

    /** The BatchNorm statistics of the last forward pass, for the prior of the same evaluation. */
    private Map<String, BatchStatistics> statistics = Map.of();
    private Map<String, NDArray> params = Map.of();
    private SplittableRandom noise;
    private final StagingBuffer staging = new StagingBuffer();

    @Override
    Observation observe(ClientScenario scenario) throws RunFailure {
        if (scenario.network().bufferNames().isEmpty()) {
            throw new RunFailure(NAME + " matches BatchNorm statistics, so it needs a network with"
                    + " BatchNorm (resnet18, resnet20 or convnet); " + scenario.network().name() + " has none");
        }
        Observation observation = super.observe(scenario);
        if (!observation.trainMode()) {
            throw new RunFailure(NAME + " compares the batch statistics of a training-mode pass with the running"
                    + " statistics, so the client must compute its update in training mode (client.mode train)");
        }
        return observation;
    }

    @Override
    GradientDistance distance(ParamValues p, List<NDArray> target) {
        GradientDistance l2 = GradientDistance.squaredL2(target);
        float scale = (float) p.getDouble("gradientScale");
        return dummy -> Scalars.times(l2.between(dummy), scale);
    }

    @Override
    NDArray logits(Observation observation, Map<String, NDArray> params, NDArray images, Variables v) {
        StatisticsForward f = observation.network().forwardWithStatistics(params, images, DropoutMasks.NONE);
        this.statistics = f.statistics();
        this.params = params;
        return f.logits();
    }

    @Override
    void addPriors(Variables v, ParamValues p, ObjectiveTerms objective) {
        objective.add("batchNorm", batchNormPrior(statistics, params, (float) p.getDouble("firstBatchNormMultiplier")),
                p.getDouble("batchNorm"));
        objective.add("tv", TotalVariation.of(v.images()), p.getDouble("tv"));
        objective.add("l2", v.images().square().sum().sqrt(), p.getDouble("l2"));
    }

    /** Σ_l w_l·(‖μ_l(x) − running mean_l‖₂ + ‖σ²_l(x) − running var_l‖₂), w the multiplier for the first layer, else 1. */
    static NDArray batchNormPrior(Map<String, BatchStatistics> statistics, Map<String, NDArray> params,
                                  float firstMultiplier) {
        NDArray sum = null;
        for (Map.Entry<String, BatchStatistics> e : statistics.entrySet()) {
            BatchStatistics s = e.getValue();
            NDArray term = s.mean().sub(params.get(e.getKey() + ".running_mean")).square().sum().sqrt()
                    .add(s.variance().sub(params.get(e.getKey() + ".running_var")).square().sum().sqrt());
            sum = sum == null ? Scalars.times(term, firstMultiplier) : sum.add(term);
        }
        return sum;
    }

    @Override
    LearningRateSchedule schedule(ParamValues p) {
        int iterations = p.getInt("iterations");
        int warmUp = p.getInt("warmUp");
        return i -> i < warmUp ? (i + 1.0) / warmUp
                : 0.5 * (1 + Math.cos(Math.PI * (i - warmUp) / Math.max(1, iterations - warmUp)));
    }

    /** Takes no extra variables; keeps the restart's random stream for the Langevin noise. */
    @Override
    List<NDArray> extraVariables(NDManager state, Observation observation, SplittableRandom random, ParamValues p) {
        this.noise = random;
        return List.of();
    }

    @Override
    void project(Variables v, ParamValues p) {
        double scale = p.getDouble("langevinNoise") * p.getDouble("lr");
        if (scale > 0) {
            NDArray x = v.images();
            Shape shape = x.getShape();
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (scale * Sampling.gaussian(noise));
            }
            try (NDArray n = staging.upload(x.getManager(), values, shape)) {
                x.addi(n);
            }
        }
        super.project(v, p);
    }
}
