package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;

class NetworkZooTest {

    private static final Shape CIFAR = new Shape(3, 32, 32);

    @Test
    void everyNetworkGivesOneLogitPerClassInBothModes() throws Exception {
        for (String name : NetworkZoo.NAMES) {
            for (int[] setting : new int[][] {{3, 32, 10}, {1, 28, 7}}) {
                Network net = NetworkZoo.create(name, setting[0], setting[1], setting[2]);
                assertEquals(new Shape(setting[0], setting[1], setting[1]), net.inputShape());
                for (boolean training : new boolean[] {false, true}) {
                    Shape logits = ComputeThread.call(() -> {
                        try (NDManager m = NDManager.newBaseManager()) {
                            NDArray input = m.randomUniform(0, 1, new Shape(2).addAll(net.inputShape()));
                            return net.forward(net.initialise(1).toArrays(m), input, training).getShape();
                        }
                    });
                    assertEquals(new Shape(2, setting[2]), logits,
                            name + " on " + Arrays.toString(setting) + ", training=" + training);
                }
            }
        }
    }

    /** Trainable parameter counts of the torch modules, as tools/export_nn_fixtures.py measured them. */
    @Test
    void parameterCountsEqualTorchs() throws Exception {
        JsonNode torch = TorchReferenceTest.json("parameter-counts.json").get("counts");
        assertEquals(11_173_962, torch.get("resnet18").asLong());
        assertEquals(272_474, torch.get("resnet20").asLong());
        Map<String, Network> ours = Map.of(
                "mlp", NetworkZoo.create(Mlp.NAME, 3, 32, 10),
                "convnet", NetworkZoo.create(ConvNet.NAME, 3, 32, 10),
                "convnet-8", new ConvNet(CIFAR, 10, 8),
                "resnet18", NetworkZoo.create(CifarResNet.RESNET18, 3, 32, 10),
                "resnet20", NetworkZoo.create(CifarResNet.RESNET20, 3, 32, 10));
        ours.forEach((key, net) -> assertEquals(torch.get(key).asLong(), trainableCount(net), key));
    }

    private static long trainableCount(Network net) {
        Map<String, Shape> shapes = net.parameterShapes();
        return net.trainableNames().stream().mapToLong(n -> shapes.get(n).size()).sum();
    }

    @Test
    void buffersAreTheBatchNormStatisticsAndEverythingElseTrains() {
        Network resnet = NetworkZoo.create(CifarResNet.RESNET20, 3, 32, 10);
        List<String> all = new ArrayList<>(resnet.parameterShapes().keySet());
        // 21 BatchNorm layers (stem, 2 in each of 9 blocks, 2 downsampling shortcuts), three buffers each
        assertEquals(63, resnet.bufferNames().size());
        assertTrue(resnet.bufferNames().stream().allMatch(n -> n.matches(".*\\.(running_mean|running_var|num_batches_tracked)")));
        List<String> union = new ArrayList<>(resnet.trainableNames());
        union.addAll(resnet.bufferNames());
        assertEquals(all.size(), union.size());
        assertTrue(union.containsAll(all));
        assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias"), resnet.trainableNames().subList(0, 3));
        assertEquals("fc.weight", resnet.classifierWeight());
        Network lenet = NetworkZoo.create(DlgLeNet.NAME, 3, 32, 10);
        assertEquals(List.of(), lenet.bufferNames());
        assertEquals(List.copyOf(lenet.parameterShapes().keySet()), lenet.trainableNames());
    }

    /** torch names the state of BatchNorm2d weight, bias, running_mean, running_var, num_batches_tracked. */
    @Test
    void namesFollowTorchStateDictOrder() {
        List<String> convnet = new ArrayList<>(new ConvNet(CIFAR, 10, 8).parameterShapes().keySet());
        assertEquals(List.of("model.conv0.weight", "model.conv0.bias", "model.bn0.weight", "model.bn0.bias",
                "model.bn0.running_mean", "model.bn0.running_var", "model.bn0.num_batches_tracked"), convnet.subList(0, 7));
        assertEquals(List.of("model.linear.weight", "model.linear.bias"), convnet.subList(convnet.size() - 2, convnet.size()));
        Map<String, Shape> resnet18 = NetworkZoo.create(CifarResNet.RESNET18, 3, 32, 10).parameterShapes();
        assertEquals(new Shape(128, 64, 1, 1), resnet18.get("layer2.0.downsample.0.weight"));
        assertEquals(new Shape(512, 512, 3, 3), resnet18.get("layer4.1.conv2.weight"));
        assertEquals(new Shape(), resnet18.get("layer4.1.bn2.num_batches_tracked"));
        assertFalse(resnet18.containsKey("layer1.0.downsample.0.weight"));
        assertEquals(List.of("linear0.weight", "linear0.bias"),
                new ArrayList<>(Mlp.ofWidth(CIFAR, 10, 16).parameterShapes().keySet()).subList(0, 2));
    }

    @Test
    void initialisationIsPyTorchsDefaultAndDeterministic() {
        Network net = NetworkZoo.create(CifarResNet.RESNET20, 3, 32, 10);
        StateDict a = net.initialise(42);
        StateDict b = net.initialise(42);
        a.tensors().forEach((name, t) -> assertArrayEquals(t.data(), b.get(name).data(), name));
        assertFalse(Arrays.equals(a.get("conv1.weight").data(), net.initialise(43).get("conv1.weight").data()));
        // kaiming_uniform(a=√5) is uniform in ±1/√fan_in: fan_in 16·3·3 for a stage-1 convolution
        assertUniform(a.get("layer1.0.conv1.weight").data(), 1 / Math.sqrt(16 * 9));
        assertUniform(a.get("fc.weight").data(), 1 / Math.sqrt(64));
        assertUniform(a.get("fc.bias").data(), 1 / Math.sqrt(64));
        assertConstant(a.get("bn1.weight").data(), 1);
        assertConstant(a.get("bn1.bias").data(), 0);
        assertConstant(a.get("bn1.running_mean").data(), 0);
        assertConstant(a.get("bn1.running_var").data(), 1);
        assertConstant(a.get("bn1.num_batches_tracked").data(), 0);
        assertUniform(new ConvNet(CIFAR, 10, 8).initialise(1).get("model.conv1.bias").data(), 1 / Math.sqrt(8 * 9));
    }

    /** Within ±bound, and spread over it: the variance of U(−b, b) is b²/3. */
    private static void assertUniform(float[] values, double bound) {
        double sumSquares = 0;
        for (float v : values) {
            assertTrue(Math.abs(v) <= bound, v + " outside ±" + bound);
            sumSquares += v * v;
        }
        double variance = sumSquares / values.length;
        double expected = bound * bound / 3;
        assertEquals(expected, variance, expected * 6 / Math.sqrt(values.length), "variance of " + values.length + " values");
    }

    private static void assertConstant(float[] values, float value) {
        for (float v : values) {
            assertEquals(value, v);
        }
    }

    @Test
    void widthsAndImageSizesOutsideAnArchitectureAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NetworkZoo.create("vgg", 3, 32, 10));
        assertThrows(IllegalArgumentException.class, () -> NetworkZoo.create(DlgLeNet.NAME, 3, 32, 10, 8));
        assertThrows(IllegalArgumentException.class, () -> NetworkZoo.create(ConvNet.NAME, 3, 32, 10, -1));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> NetworkZoo.create(ConvNet.NAME, 3, 8, 10));
        assertTrue(small.getMessage().contains("at least 9 px"), small.getMessage());
        assertEquals(new Shape(16 * 4, 3, 3, 3),
                NetworkZoo.create(CifarResNet.RESNET20, 3, 32, 10, 64).parameterShapes().get("conv1.weight"));
        assertEquals(new Shape(10, 300), NetworkZoo.create(Mlp.NAME, 3, 32, 10, 300).parameterShapes().get("linear3.weight"));
    }
}
