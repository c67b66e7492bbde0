package org.invwb.core.fl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/**
 * DP-SGD (Abadi et al., CCS 2016): each example's gradient is clipped to L2 norm C over all
 * trainable tensors together, the clipped gradients are summed, Gaussian noise N(0, σ²C²) is added
 * to every coordinate, and the sum is divided by the batch size. The privacy spent by one such
 * step over the client's whole batch is reported at δ = 1e-5 by {@link RdpAccountant}. A FedAvg client
 * runs DP-SGD locally: every local step is such a step on its mini-batch.
 */
public final class DpSgdDefense implements Defense {

    public static final String NAME = "dp-sgd";
    public static final double DELTA = 1e-5;

    private final double clipNorm;
    private final double noiseMultiplier;
    private final SplittableRandom random;
    private long compositions;

    public DpSgdDefense(double clipNorm, double noiseMultiplier, long seed) {
        if (!(clipNorm > 0) || !(noiseMultiplier >= 0)) {
            throw new IllegalArgumentException("need clipNorm > 0 and noiseMultiplier >= 0");
        }
        this.clipNorm = clipNorm;
        this.noiseMultiplier = noiseMultiplier;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Observation fedSgd(Network network, StateDict globalModel, ImageBatch batch, boolean trainMode) {
        compositions++;
        return new Observation(network, globalModel, noisyGradient(network, globalModel, batch, trainMode),
                batch.count(), trainMode);
    }

    /** Local DP-SGD: every local step goes along the clipped, noised mean gradient of its mini-batch. */
    @Override
    public Observation fedAvg(Network network, StateDict globalModel, ImageBatch data, int localSteps,
                              double learningRate, int localBatchSize, boolean trainMode) {
        Observation o = FedAvgClient.computeUpdate(network, globalModel, data, localSteps, learningRate,
                localBatchSize, trainMode, (net, weights, batch) -> noisyGradient(net, weights, batch, trainMode));
        compositions += FedAvgClient.maxUses(data.count(), localSteps, localBatchSize);
        return o;
    }

    /** The sum of the clipped example gradients plus N(0, σ²C²) noise, over the batch size. Compute thread. */
    StateDict noisyGradient(Network network, StateDict weights, ImageBatch batch, boolean trainMode) {
        List<StateDict> clipped = clippedExampleGradients(network, weights, batch, trainMode);
        int n = batch.count();
        double sd = noiseMultiplier * clipNorm;
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String name : clipped.get(0).tensors().keySet()) {
            HostTensor first = clipped.get(0).get(name);
            float[] sum = new float[first.size()];
            for (int i = 0; i < sum.length; i++) {
                double s = 0;
                for (StateDict g : clipped) {
                    s += g.get(name).data()[i];
                }
                sum[i] = (float) ((s + sd * Sampling.gaussian(random)) / n);
            }
            out.put(name, new HostTensor(first.shape(), sum));
        }
        return new StateDict(out);
    }

    /** Each example's gradient, scaled down to L2 norm at most C where it is longer. Compute thread. */
    public List<StateDict> clippedExampleGradients(Network network, StateDict globalModel, ImageBatch batch) {
        return clippedExampleGradients(network, globalModel, batch, true);
    }

    /** The same with the model in training or evaluation mode. Compute thread. */
    List<StateDict> clippedExampleGradients(Network network, StateDict globalModel, ImageBatch batch,
                                            boolean trainMode) {
        List<StateDict> out = new ArrayList<>(batch.count());
        for (int i = 0; i < batch.count(); i++) {
            StateDict g = FedSgdClient.computeUpdate(network, globalModel, batch.subset(new int[] {i}), trainMode)
                    .update();
            double norm = Math.sqrt(squaredNorm(g));
            double scale = norm > clipNorm ? clipNorm / norm : 1;
            Map<String, HostTensor> scaled = new LinkedHashMap<>();
            g.tensors().forEach((name, t) -> {
                float[] v = t.data().clone();
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) (v[j] * scale);
                }
                scaled.put(name, new HostTensor(t.shape(), v));
            });
            out.add(new StateDict(scaled));
        }
        return out;
    }

    static double squaredNorm(StateDict update) {
        double s = 0;
        for (HostTensor t : update.tensors().values()) {
            for (float v : t.data()) {
                s += (double) v * v;
            }
        }
        return s;
    }

    /**
     * ε at δ = 1e-5 after {@code compositions} noisy steps that each saw a given example (sampling
     * probability 1: batches are taken in order, not Poisson-sampled, so no amplification is claimed).
     */
    public double epsilon(long compositions) {
        return RdpAccountant.epsilon(1, noiseMultiplier, Math.max(1, compositions), DELTA);
    }

    /**
     * The privacy spent so far by the client behind this defense: each FedSGD update counts as one step
     * over every example it holds, each FedAvg update as the most times local training used one example.
     */
    public double epsilonSpent() {
        return epsilon(compositions);
    }

    @Override
    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        double eps = epsilonSpent();
        if (Double.isFinite(eps)) {
            r.put("epsilon", eps);
            r.put("delta", DELTA);
        }
        return r;
    }
}
