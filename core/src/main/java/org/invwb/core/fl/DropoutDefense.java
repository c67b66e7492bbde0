package org.invwb.core.fl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/**
 * Dropout as a defense against gradient inversion: the client computes its gradient in train mode
 * with dropout at rate p at every dropout site of the model, each unit of each example kept with
 * probability 1 − p (kept units scaled by 1/(1 − p)). The masks are drawn from the client's seed and
 * never sent, so an attacker matching the gradient does not know which units were dropped. Evaluated
 * (and broken) by Scheliga, Mäder and Seeland, "Dropout is NOT all you need to prevent gradient
 * leakage", AAAI 2023.
 */
public final class DropoutDefense implements Defense {

    public static final String NAME = "dropout";

    private final double rate;
    private final SplittableRandom random;

    public DropoutDefense(double rate, long seed) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return NAME;
    }

    public double rate() {
        return rate;
    }

    @Override
    public Observation fedSgd(Network network, StateDict globalModel, ImageBatch batch, boolean trainMode) {
        return FedSgdClient.computeUpdate(network, globalModel, batch, trainMode, rate,
                drawMasks(network, batch.count()));
    }

    /** Local SGD with dropout: every local step draws fresh masks for its mini-batch, as training would. */
    @Override
    public Observation fedAvg(Network network, StateDict globalModel, ImageBatch data, int localSteps,
                              double learningRate, int localBatchSize, boolean trainMode) {
        return FedAvgClient.computeUpdate(network, globalModel, data, localSteps, learningRate, localBatchSize,
                trainMode, (net, weights, batch) -> FedSgdClient.computeUpdate(net, weights, batch, trainMode, rate,
                        drawMasks(net, batch.count())).update());
    }

    /** One Bernoulli(1 − p) keep mask of shape (N, units) per dropout site, in the network's order. */
    Map<String, HostTensor> drawMasks(Network network, int examples) {
        Map<String, HostTensor> masks = new LinkedHashMap<>();
        network.dropoutSites().forEach((site, units) -> {
            float[] keep = new float[examples * units];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = random.nextDouble() < rate ? 0f : 1f;
            }
            masks.put(site, new HostTensor(new long[] {examples, units}, keep));
        });
        return masks;
    }
}
