package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.fl.FederatedSimulation.Protocol;
import org.invwb.core.fl.FederatedSimulation.Settings;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Mlp;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HyperFlTest {

    private static final ImageBatch TRAIN = load("fashion-mnist-train");
    private static final ImageBatch TEST = load("fashion-mnist-test");
    private static final Network MLP = NetworkZoo.create("mlp", 1, 28, 10, 16);

    private static ImageBatch load(String name) {
        try {
            return BundledData.load(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** The client sends exactly the hypernetwork's tensors, with its shapes: nothing of the model itself. */
    @Test
    void theUploadHoldsOnlyHypernetworkTensors() throws Exception {
        HyperFlDefense client = new HyperFlDefense(4, 6, 0.05, 1);
        HyperNetwork hyper = new HyperNetwork(MLP, 4, 6);
        StateDict global = hyper.initialise(2);
        ImageBatch data = TRAIN.subset(range(0, 20));
        Observation avg = ComputeThread.call(() -> client.fedAvg(MLP, global, data, 2, 0.01, 10));
        Observation sgd = ComputeThread.call(() -> client.fedSgd(MLP, global, data));
        List<String> expected = new ArrayList<>(List.of("hypernet.hidden.weight", "hypernet.hidden.bias"));
        for (String t : List.of("linear0.weight", "linear0.bias", "linear1.weight", "linear1.bias", "linear2.weight",
                "linear2.bias")) {
            expected.add("hypernet.out." + t + ".weight");
            expected.add("hypernet.out." + t + ".bias");
        }
        for (Observation o : List.of(avg, sgd)) {
            assertEquals(expected, List.copyOf(o.update().tensors().keySet()));
            assertArrayEquals(new long[] {6, 4}, o.update().get("hypernet.hidden.weight").shape());
            // linear0 of the MLP is 16 × 784: its generator outputs 12544 values from 6 hidden units
            assertArrayEquals(new long[] {16 * 784, 6}, o.update().get("hypernet.out.linear0.weight.weight").shape());
            assertArrayEquals(new long[] {16}, o.update().get("hypernet.out.linear2.bias.bias").shape());
            assertTrue(o.sharesHypernetwork());
            assertTrue(o.update().tensors().keySet().stream().noneMatch(MLP.parameterShapes()::containsKey));
        }
        assertEquals(UpdateKind.WEIGHT_DIFFERENCE, avg.kind());
        assertEquals(UpdateKind.GRADIENT, sgd.kind());
        assertEquals(List.of("linear3.weight", "linear3.bias"), hyper.headNames());
    }

    /**
     * A tiny case by hand: target linear0 is 1 × 2 (plus bias), embedding e = (2, 1), hidden layer
     * W₁ = [[1, −1], [0.5, 2]], b₁ = (0, −4): W₁e + b₁ = (1, −1), so relu gives h = (1, 0);
     * linear0.weight = [[1, 0], [0, −1]]·h + (0.5, 0.5) = (1.5, 0.5); linear0.bias = [2, 1]·h − 5 = −3.
     */
    @Test
    void generatedWeightsAreTheHandComputedFunctionOfEmbeddingAndHypernetwork() throws Exception {
        Mlp tiny = new Mlp(new Shape(1, 1, 2), 2, 1);
        HyperNetwork hyper = new HyperNetwork(tiny, 2, 2);
        Map<String, HostTensor> p = new LinkedHashMap<>();
        p.put("hypernet.hidden.weight", new HostTensor(new long[] {2, 2}, new float[] {1, -1, 0.5f, 2}));
        p.put("hypernet.hidden.bias", new HostTensor(new long[] {2}, new float[] {0, -4}));
        p.put("hypernet.out.linear0.weight.weight", new HostTensor(new long[] {2, 2}, new float[] {1, 0, 0, -1}));
        p.put("hypernet.out.linear0.weight.bias", new HostTensor(new long[] {2}, new float[] {0.5f, 0.5f}));
        p.put("hypernet.out.linear0.bias.weight", new HostTensor(new long[] {1, 2}, new float[] {2, 1}));
        p.put("hypernet.out.linear0.bias.bias", new HostTensor(new long[] {1}, new float[] {-5}));
        assertEquals(hyper.parameterShapes().keySet(), p.keySet());
        float[][] out = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray e = m.create(new float[] {2, 1});
                Map<String, NDArray> g = hyper.generate(new StateDict(p).toArrays(m), e);
                assertArrayEquals(new long[] {1, 2}, g.get("linear0.weight").getShape().getShape());
                return new float[][] {g.get("linear0.weight").toFloatArray(), g.get("linear0.bias").toFloatArray()};
            }
        });
        assertArrayEquals(new float[] {1.5f, 0.5f}, out[0], 1e-6f);
        assertArrayEquals(new float[] {-3}, out[1], 1e-6f);
    }

    /** A client's own model is a deterministic function of its embedding and the hypernetwork. */
    @Test
    void thePersonalModelIsDeterministic() throws Exception {
        StateDict global = new HyperNetwork(MLP, 4, 6).initialise(3);
        StateDict a = ComputeThread.call(() -> new HyperFlDefense(4, 6, 0.05, 9).personalModel(MLP, global));
        StateDict b = ComputeThread.call(() -> new HyperFlDefense(4, 6, 0.05, 9).personalModel(MLP, global));
        assertEquals(List.copyOf(MLP.parameterShapes().keySet()), List.copyOf(a.tensors().keySet()));
        for (String n : a.tensors().keySet()) {
            assertArrayEquals(a.get(n).data(), b.get(n).data(), n);
        }
    }

    /** HyperFL with FedAvg learns Fashion-MNIST: the clients' own models improve well beyond the first round. */
    /**
     * HyperFL under FedAvg learns Fashion-MNIST: 4 clients of 100 images, 3 local epochs of mini-batches of 10 at
     * the reference's hypernetwork rate 0.01. Measured: 0.087 before training, 0.175 after the first round, 0.451
     * after the sixth (the clients' own models on 300 test images).
     */
    @Test
    void hyperFlLearnsFashionMnist() throws Exception {
        int clients = 4;
        Settings s = new Settings(clients, 6, 1, Protocol.FEDAVG, 3, 0, 0.01, 10, 0, false, 0, 1);
        int[][] parts = Partitioning.iid(400, clients, 5);
        ImageBatch test = TEST.subset(range(0, 300));
        StateDict initial = new HyperNetwork(MLP, 16, 32).initialise(4);
        FederatedSimulation sim = new FederatedSimulation(MLP, initial, TRAIN.subset(range(0, 400)), parts, test, s,
                k -> new HyperFlDefense(16, 32, 0.05, 100 + k), 6);
        double before = ComputeThread.call(sim::testAccuracy);
        List<Double> acc = new ArrayList<>();
        for (int r = 0; r < s.rounds(); r++) {
            acc.add(ComputeThread.call(sim::nextRound).testAccuracy());
        }
        double last = acc.get(acc.size() - 1);
        assertTrue(last > before + 0.25 && last > acc.get(0) + 0.15, "before " + before + ", per round " + acc);
    }

    /** A gradient attack on a HyperFL client refuses, naming the field, simulated or stored. */
    @Test
    void gradientAttacksRefuseAHypernetworkObservation(@TempDir Path dir) throws Exception {
        ResolvedSpec spec = MethodRegistry.standard().resolve(Spec.parse(
                "{\"method\": \"dlg\", \"client\": {\"defense\": \"hyperfl\"}}"));
        SpecException e = assertThrows(SpecException.class, () -> ClientScenario.build(spec));
        assertEquals("client.defense", e.path());
        assertTrue(e.getMessage().contains("hypernetwork"), e.getMessage());

        StateDict global = new HyperNetwork(MLP, 4, 6).initialise(2);
        ImageBatch data = TRAIN.subset(range(0, 4));
        Observation o = ComputeThread.call(() -> new HyperFlDefense(4, 6, 0.05, 1).fedSgd(MLP, global, data));
        ObservationFile.save(dir, new StoredObservation(o, "mlp", 16, HyperFlDefense.NAME, Map.of(), false, 0, 1),
                data);
        IOException stored = assertThrows(IOException.class, () -> ObservationFile.load(dir));
        assertTrue(stored.getMessage().contains("hypernetwork"), stored.getMessage());
        ResolvedSpec fromStored = MethodRegistry.standard().resolve(Spec.parse(
                "{\"method\": \"dlg\", \"client\": {\"observation\": \"" + dir.toString().replace("\\", "/") + "\"}}"));
        SpecException viaSpec = assertThrows(SpecException.class, () -> ClientScenario.build(fromStored));
        assertEquals("client.observation", viaSpec.path());
    }
}
