package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.SafetensorsFile;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model.weights: the global model of an attack or round is the one named, or drawn from the seed. */
class ModelWeightsTest {

    private static final MethodRegistry REGISTRY = MethodRegistry.standard();

    @TempDir
    Path dir;

    private static ClientScenario build(String model) throws Exception {
        return ClientScenario.build(REGISTRY.resolve(Spec.parse("{\"method\": \"dlg\", \"seed\": 4,"
                + " \"data\": {\"source\": \"bundled:mnist-test\"}, \"model\": {" + model + "}}")));
    }

    @Test
    void theNamedWeightsAreTheGlobalModel() throws Exception {
        StateDict saved = NetworkZoo.create("mlp", 1, 16, 10, 8).initialise(99);
        Path file = dir.resolve("w.safetensors");
        SafetensorsFile.save(file, saved);
        String mlp = "\"architecture\": \"mlp\", \"numClasses\": 10, \"imageSize\": 16, \"channels\": 1, \"width\": 8";
        ClientScenario named = build(mlp + ", \"weights\": \"" + file + "\"");
        for (String name : saved.tensors().keySet()) {
            assertArrayEquals(saved.get(name).data(), named.globalModel().get(name).data(), name);
        }
        // without weights the model is drawn from the seed as before, and the batch does not depend on it
        ClientScenario drawn = build(mlp);
        assertEquals(drawn.network().initialise(new java.util.SplittableRandom(4).nextLong()).get("linear0.bias").data()[0],
                drawn.globalModel().get("linear0.bias").data()[0]);
        assertArrayEquals(drawn.batch().labels(), named.batch().labels());
    }

    @Test
    void mismatchedWeightsAreRefusedNamingTheFieldTheFileAndTheTensor() throws Exception {
        Path file = dir.resolve("w.safetensors");
        SafetensorsFile.save(file, NetworkZoo.create("mlp", 1, 16, 10, 8).initialise(99));
        SpecException e = assertThrows(SpecException.class, () -> build("\"architecture\": \"mlp\", \"numClasses\": 10,"
                + " \"imageSize\": 16, \"channels\": 1, \"width\": 4, \"weights\": \"" + file + "\""));
        assertEquals("model.weights", e.path());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("linear0.weight"), e.getMessage());
    }

    @Test
    void aShippedModelServesAsTheGlobalModel() throws Exception {
        ClientScenario scenario = build("\"architecture\": \"lenet-dlg\", \"numClasses\": 10, \"imageSize\": 28,"
                + " \"channels\": 1, \"weights\": \"bundled:lenet-dlg-mnist\"");
        assertEquals(scenario.network().parameterShapes().size(), scenario.globalModel().tensors().size());
        float drawn = scenario.network().initialise(new java.util.SplittableRandom(4).nextLong()).get("fc.0.bias").data()[0];
        assertTrue(drawn != scenario.globalModel().get("fc.0.bias").data()[0]);
    }
}
