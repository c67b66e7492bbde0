package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;

/**
 * Gradient matching differentiates a parameter gradient with respect to the input: every network
 * must carry that second-order gradient, in train mode (the FedSGD client's) and eval mode.
 */
class SecondOrderGradientTest {

    private static final int[] LABELS = {1, 4};

    @Test
    void gradientMatchingLossReachesTheInputThroughEveryNetwork() throws Exception {
        for (String name : NetworkZoo.NAMES) {
            Network net = NetworkZoo.create(name, 3, 32, 10);
            for (boolean training : new boolean[] {true, false}) {
                float[] grad = ComputeThread.call(() -> inputGradient(net, training));
                double largest = 0;
                for (float g : grad) {
                    assertTrue(Float.isFinite(g), name + ": non-finite input gradient");
                    largest = Math.max(largest, Math.abs(g));
                }
                assertTrue(largest > 0, name + " (training=" + training + "): the input gradient is zero");
            }
        }
    }

    /** ∂/∂x' Σ ‖∇θ ℓ(x') − ∇θ ℓ(x)‖² for two random batches x, x'. */
    private static float[] inputGradient(Network net, boolean training) {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> params = net.initialise(3).toArrays(m);
            List<NDArray> trainable = net.trainableNames().stream().map(params::get).toList();
            trainable.forEach(p -> p.setRequiresGradient(true));
            NDArray labels = Losses.oneHot(m, LABELS, net.numClasses());
            Shape shape = new Shape(LABELS.length).addAll(net.inputShape());
            NDArray real = images(m, shape, 1);
            List<NDArray> target = Autograd.grad(
                    Losses.softCrossEntropy(net.forward(params, real, training), labels), trainable, false);
            NDArray dummy = Autograd.leaf(images(m, shape, 2));
            List<NDArray> dummyGrads = Autograd.grad(
                    Losses.softCrossEntropy(net.forward(params, dummy, training), labels), trainable, true);
            NDArray distance = null;
            for (int i = 0; i < target.size(); i++) {
                NDArray term = dummyGrads.get(i).sub(target.get(i)).square().sum();
                distance = distance == null ? term : distance.add(term);
            }
            return Autograd.grad(distance, dummy).toFloatArray();
        }
    }

    private static NDArray images(NDManager m, Shape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        return m.create(x, shape);
    }
}
