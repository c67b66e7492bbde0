package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;

/**
 * Our networks against PyTorch itself: weights, logits and BatchNorm buffers written by
 * {@code tools/export_nn_fixtures.py} from torch modules with the same names. Loading the weights
 * through {@link SafetensorsFile} also checks the reader on a file another writer produced.
 */
class TorchReferenceTest {

    private static final double LOGIT_TOLERANCE = 1e-4;
    private static final double BUFFER_TOLERANCE = 1e-5;
    private static final Shape CIFAR = new Shape(3, 32, 32);

    @Test
    void resnet20ReproducesTorch() throws Exception {
        compare("resnet20", CifarResNet.resnet20(CIFAR, 10, CifarResNet.RESNET20_WIDTH));
    }

    @Test
    void convnetReproducesTorch() throws Exception {
        compare("convnet-8", new ConvNet(CIFAR, 10, 8));
    }

    private record Outputs(float[] eval, float[] train, Map<String, float[]> buffers) {
    }

    private static void compare(String fixture, Network network) throws Exception {
        JsonNode expected = json(fixture + ".json");
        StateDict weights = SafetensorsFile.load(resource(fixture + ".safetensors"), network);
        Shape shape = shape(expected.get("inputShape"));
        JsonNode watched = expected.get("buffersAfterTrainForward");
        Outputs got = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                LinkedHashMap<String, NDArray> params = weights.toArrays(m);
                NDArray input = m.create(fixedInput((int) shape.size()), shape);
                float[] eval = network.forward(params, input, false).toFloatArray();
                TrainingForward train = network.forwardTraining(params, input);
                Map<String, float[]> buffers = new LinkedHashMap<>();
                for (Iterator<String> it = watched.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    buffers.put(name, train.buffers().get(name).toFloatArray());
                }
                return new Outputs(eval, train.logits().toFloatArray(), buffers);
            }
        });
        double evalDiff = maxDifference(expected.get("evalLogits"), got.eval());
        double trainDiff = maxDifference(expected.get("trainLogits"), got.train());
        System.out.printf("%s vs torch %s: max |logit difference| eval %.3g, train %.3g%n",
                fixture, expected.get("torch").asText(), evalDiff, trainDiff);
        assertTrue(evalDiff < LOGIT_TOLERANCE, fixture + " eval-mode logits differ from torch's by " + evalDiff);
        assertTrue(trainDiff < LOGIT_TOLERANCE, fixture + " train-mode logits differ from torch's by " + trainDiff);
        got.buffers().forEach((name, values) -> {
            double diff = maxDifference(watched.get(name), values);
            assertTrue(diff < BUFFER_TOLERANCE, name + " after a train-mode forward differs from torch's by " + diff);
        });
    }

    /** The input the fixture script uses, exact in both languages: ((7919 i + 17) mod 1009) / 1009. */
    private static float[] fixedInput(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((7919L * i + 17) % 1009 / 1009.0);
        }
        return x;
    }

    private static double maxDifference(JsonNode expected, float[] got) {
        float[] want = flatten(expected);
        assertEquals(want.length, got.length, "number of values");
        double max = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(want[i] - got[i]));
        }
        return max;
    }

    private static float[] flatten(JsonNode node) {
        List<Float> out = new ArrayList<>();
        collect(node, out);
        float[] values = new float[out.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = out.get(i);
        }
        return values;
    }

    private static void collect(JsonNode node, List<Float> out) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        } else {
            out.add(node.floatValue());
        }
    }

    private static Shape shape(JsonNode dims) {
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i).asLong();
        }
        return new Shape(d);
    }

    static JsonNode json(String name) throws Exception {
        try (InputStream in = TorchReferenceTest.class.getResourceAsStream(name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Path resource(String name) throws Exception {
        return Path.of(TorchReferenceTest.class.getResource(name).toURI());
    }
}
