package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.DlgLeNet;
import org.invwb.core.nn.ConvNet;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.StateDict;
import org.junit.jupiter.api.Test;

class FedSgdClientTest {

    /**
     * For mean cross-entropy, ∂ℓ/∂b of the last layer is the batch mean of softmax(logits) − onehot(label),
     * a closed form that checks the observed update independently of autograd.
     */
    @Test
    void lastLayerBiasGradientIsSoftmaxMinusOneHot() throws Exception {
        ImageBatch fashion = BundledData.load("fashion-mnist-test").subset(new int[] {0, 1, 2});
        DlgLeNet net = new DlgLeNet(1, 28, 28, 10);
        StateDict weights = net.initialise(7);
        Observation obs = ComputeThread.call(() -> FedSgdClient.computeUpdate(net, weights, fashion));
        float[] expected = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                Map<String, NDArray> params = weights.toArrays(m);
                NDArray input = m.create(fashion.pixels(), new Shape(3, 1, 28, 28));
                NDArray probs = net.forward(params, input, true).softmax(1);
                float[] p = probs.toFloatArray();
                float[] mean = new float[10];
                for (int i = 0; i < 3; i++) {
                    for (int k = 0; k < 10; k++) {
                        mean[k] += (p[i * 10 + k] - (fashion.labels()[i] == k ? 1 : 0)) / 3f;
                    }
                }
                return mean;
            }
        });
        HostTensor bias = obs.update().get("fc.0.bias");
        for (int k = 0; k < 10; k++) {
            assertEquals(expected[k], bias.data()[k], 1e-6);
        }
        assertEquals(3, obs.batchSize());
        assertEquals(UpdateKind.GRADIENT, obs.kind());
        assertEquals(List.copyOf(net.parameterShapes().keySet()), List.copyOf(obs.update().tensors().keySet()));
    }

    /** BatchNorm running statistics are state, not parameters: the update holds the trainable tensors only. */
    @Test
    void updateCoversTrainableParametersOnly() throws Exception {
        ImageBatch fashion = BundledData.load("fashion-mnist-test").subset(new int[] {0, 1});
        Network net = NetworkZoo.create(ConvNet.NAME, 1, 28, 10, 4);
        Observation obs = ComputeThread.call(() -> FedSgdClient.computeUpdate(net, net.initialise(2), fashion));
        assertEquals(net.trainableNames(), List.copyOf(obs.update().tensors().keySet()));
    }
}
