package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.fl.FedSgdClient;
import org.invwb.core.fl.Observation;
import org.invwb.core.nn.ConvNet;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.junit.jupiter.api.Test;

/** Gradient matching on a network with BatchNorm in train mode, the FedSGD client's setting. */
class GradientMatchingBatchNormTest {

    /**
     * At the client's own images and labels the dummy gradient is the observed one, so the distance
     * vanishes; that holds only if the trainable tensors line up by name with the update. Evaluations
     * must not leave BatchNorm's moved buffers on the long-lived manager.
     */
    @Test
    void distanceVanishesAtTheTruthAndArraysStayFlat() throws Exception {
        ImageBatch fashion = BundledData.load("fashion-mnist-test").subset(new int[] {0, 1});
        Network net = NetworkZoo.create(ConvNet.NAME, 1, 28, 10, 4);
        double[] result = ComputeThread.call(() -> {
            Observation obs = FedSgdClient.computeUpdate(net, net.initialise(5), fashion);
            try (NDManager root = NDManager.newBaseManager();
                 GradientMatching objective = new GradientMatching(obs, fashion.labels(), root)) {
                double[] truth = new double[objective.size()];
                for (int i = 0; i < truth.length; i++) {
                    truth[i] = fashion.pixels()[i];
                }
                double[] grad = new double[truth.length];
                double atTruth = objective.evaluate(truth, grad);
                int arrays = ((BaseNDManager) root).getManagedArrays().size();
                double[] shifted = truth.clone();
                for (int i = 0; i < shifted.length; i++) {
                    shifted[i] = 0.5 * shifted[i] + 0.25;
                }
                double away = 0;
                for (int k = 0; k < 5; k++) {
                    away = objective.evaluate(shifted, grad);
                }
                double largest = 0;
                for (double g : grad) {
                    largest = Math.max(largest, Math.abs(g));
                }
                return new double[] {atTruth, away, largest, arrays, ((BaseNDManager) root).getManagedArrays().size()};
            }
        });
        assertTrue(result[0] < 1e-8 * result[1], "distance at the truth " + result[0] + ", elsewhere " + result[1]);
        assertTrue(result[2] > 0 && Double.isFinite(result[2]), "image gradient " + result[2]);
        assertEquals(result[3], result[4], "arrays on the long-lived manager");
    }
}
