package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.DlgLeNet;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.StateDict;
import org.junit.jupiter.api.Test;

class FedAvgClientTest {

    /** One local step on the full batch is one SGD step: Δw = −η·∇, the FedSGD gradient scaled. */
    @Test
    void oneFullBatchStepIsMinusLearningRateTimesTheGradient() throws Exception {
        ImageBatch data = BundledData.load("fashion-mnist-test").subset(new int[] {0, 1, 2, 3});
        DlgLeNet net = new DlgLeNet(1, 28, 28, 10);
        StateDict weights = net.initialise(4);
        double lr = 0.1;
        Observation avg = ComputeThread.call(() -> FedAvgClient.computeUpdate(net, weights, data, 1, lr, 4));
        StateDict gradient = ComputeThread.call(() -> FedSgdClient.computeUpdate(net, weights, data)).update();
        assertEquals(UpdateKind.WEIGHT_DIFFERENCE, avg.kind());
        assertEquals(1, avg.localSteps());
        assertEquals(lr, avg.learningRate());
        assertEquals(4, avg.localBatchSize());
        assertEquals(4, avg.batchSize());
        assertEquals(List.copyOf(gradient.tensors().keySet()), List.copyOf(avg.update().tensors().keySet()));
        for (String name : gradient.tensors().keySet()) {
            float[] g = gradient.get(name).data();
            float[] d = avg.update().get(name).data();
            for (int i = 0; i < g.length; i++) {
                assertEquals(-lr * g[i], d[i], 1e-6, name);
            }
        }
    }

    /** Two steps on mini-batches of two: the second gradient is taken at the weights after the first step. */
    @Test
    void localStepsWalkThroughMiniBatches() throws Exception {
        ImageBatch data = BundledData.load("fashion-mnist-test").subset(new int[] {5, 6, 7, 8});
        DlgLeNet net = new DlgLeNet(1, 28, 28, 10);
        StateDict w0 = net.initialise(5);
        double lr = 0.5;
        Observation avg = ComputeThread.call(() -> FedAvgClient.computeUpdate(net, w0, data, 2, lr, 2));
        StateDict expected = ComputeThread.call(() -> {
            StateDict g0 = FedSgdClient.computeUpdate(net, w0, data.subset(new int[] {0, 1})).update();
            StateDict w1 = step(w0, g0, lr);
            StateDict g1 = FedSgdClient.computeUpdate(net, w1, data.subset(new int[] {2, 3})).update();
            StateDict w2 = step(w1, g1, lr);
            Map<String, HostTensor> diff = new LinkedHashMap<>();
            for (String n : g0.tensors().keySet()) {
                float[] d = new float[w0.get(n).size()];
                for (int i = 0; i < d.length; i++) {
                    d[i] = w2.get(n).data()[i] - w0.get(n).data()[i];
                }
                diff.put(n, new HostTensor(w0.get(n).shape(), d));
            }
            return new StateDict(diff);
        });
        for (String name : expected.tensors().keySet()) {
            for (int i = 0; i < expected.get(name).size(); i++) {
                assertEquals(expected.get(name).data()[i], avg.update().get(name).data()[i], 1e-6, name);
            }
        }
    }

    private static StateDict step(StateDict w, StateDict g, double lr) {
        Map<String, HostTensor> out = new LinkedHashMap<>(w.tensors());
        g.tensors().forEach((n, t) -> {
            float[] v = w.get(n).data().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] -= (float) (lr * t.data()[i]);
            }
            out.put(n, new HostTensor(t.shape(), v));
        });
        return new StateDict(out);
    }

    @Test
    void aggregationIsTheDataSizeWeightedMean() {
        StateDict a = single(new float[] {1, 2, 3});
        StateDict b = single(new float[] {-1, 0, 6});
        StateDict c = single(new float[] {4, 4, 4});
        StateDict mean = FedAvgServer.weightedMean(List.of(a, b, c), new int[] {1, 3, 6});
        float[] expected = {(1 - 3 + 24) / 10f, (2 + 0 + 24) / 10f, (3 + 18 + 24) / 10f};
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], mean.get("w").data()[i], 1e-6);
        }
    }

    private static StateDict single(float[] v) {
        return new StateDict(Map.of("w", new HostTensor(new long[] {v.length}, v)));
    }
}
