package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    /** A linear model with zero weights and one large bias predicts that class for every image. */
    @Test
    void constantPredictorScoresTheShareOfItsClass() throws Exception {
        ImageBatch test = BundledData.load("fashion-mnist-test");
        Mlp net = new Mlp(new Shape(1, 28, 28), 10);
        Map<String, HostTensor> weights = new LinkedHashMap<>(net.initialise(1).tensors());
        weights.put("linear0.weight", new HostTensor(new long[] {10, 784}, new float[7840]));
        float[] bias = new float[10];
        bias[3] = 5;
        weights.put("linear0.bias", new HostTensor(new long[] {10}, bias));
        long threes = java.util.Arrays.stream(test.labels()).filter(l -> l == 3).count();

        double accuracy = ComputeThread.call(() -> Evaluation.accuracy(net, new StateDict(weights), test));

        // 1,000 images span four chunks, so the chunk boundaries are crossed too
        assertEquals(threes / (double) test.count(), accuracy, 1e-12);
    }
}
