package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.LabelledImages;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WeightSourcesTest {

    @TempDir
    Path dir;

    /** The shipped classifiers (the shipped diffusion model has its own test, ShippedUNetTest). */
    static Iterable<String> shipped() throws Exception {
        java.util.List<String> classifiers = new java.util.ArrayList<>();
        for (String name : WeightSources.bundledNames()) {
            if (WeightSources.record(name).at("/spec/method").asText().equals("train-classifier")) {
                classifiers.add(name);
            }
        }
        return classifiers;
    }

    /**
     * Each shipped model, evaluated here on its bundled test split, reaches exactly the accuracy its
     * record says it was measured at (eval mode is deterministic), and that is far above chance.
     */
    @ParameterizedTest
    @MethodSource("shipped")
    void shippedModelsReachTheirRecordedTestAccuracy(String name) throws Exception {
        JsonNode record = WeightSources.record(name);
        JsonNode model = record.at("/spec/model");
        Network network = NetworkZoo.create(model.get("architecture").asText(), model.get("channels").asInt(),
                model.get("imageSize").asInt(), model.get("numClasses").asInt(), model.get("width").asInt());
        StateDict weights = WeightSources.load("bundled:" + name, network);
        JsonNode data = record.at("/spec/data");
        // the test split as the training read it, with its classes filter
        ParamValues resolved = MethodRegistry.standard().resolve(Spec.parse(record.get("spec").toString()))
                .section("data");
        ImageBatch test = LabelledImages.load(resolved, "testSource", "testCount", model.get("channels").asInt(),
                model.get("imageSize").asInt(), model.get("numClasses").asInt(), "the test accuracy");
        assertEquals(0, data.get("testCount").asInt(), "recorded on the whole test split");
        double accuracy = ComputeThread.call(() -> Evaluation.accuracy(network, weights, test));
        double recorded = record.get("testAccuracy").asDouble();
        assertEquals(recorded, accuracy, 1e-9, name);
        assertTrue(recorded > 0.7, name + ": recorded accuracy " + recorded + " is too close to chance (0.1)");
        assertTrue(record.at("/spec/method").asText().startsWith("train-"), name + ": not trained by a training method");
    }

    @Test
    void aBundledModelForAnotherArchitectureIsRefusedWithItsSettings() {
        Network lenet = NetworkZoo.create("lenet-dlg", 1, 28, 10);
        WeightsException e = assertThrows(WeightsException.class, () -> WeightSources.load("bundled:mlp-mnist", lenet));
        assertTrue(e.getMessage().startsWith("bundled:mlp-mnist: "), e.getMessage());
        assertTrue(e.getMessage().contains("\"architecture\":\"mlp\""), e.getMessage());
        WeightsException unknown = assertThrows(WeightsException.class, () -> WeightSources.load("bundled:vgg", lenet));
        assertTrue(unknown.getMessage().contains("mlp-fashion-mnist"), unknown.getMessage());
    }

    @Test
    void aFileOrARunFolderHoldingOneLoads() throws Exception {
        Network mlp = NetworkZoo.create("mlp", 1, 16, 10, 8);
        StateDict weights = mlp.initialise(3);
        Path run = Files.createDirectories(dir.resolve("run"));
        SafetensorsFile.save(run.resolve("weights.safetensors"), weights);
        for (String source : new String[] {run.toString(), run.resolve("weights.safetensors").toString()}) {
            StateDict loaded = WeightSources.load(source, mlp);
            assertArrayEquals(weights.get("linear0.weight").data(), loaded.get("linear0.weight").data(), source);
        }
    }

    @Test
    void aMismatchNamesTheFileAndTheFirstTensorThatDiffers() throws Exception {
        Path file = dir.resolve("wide.safetensors");
        SafetensorsFile.save(file, NetworkZoo.create("mlp", 1, 16, 10, 8).initialise(3));
        WeightsException e = assertThrows(WeightsException.class,
                () -> WeightSources.load(file.toString(), NetworkZoo.create("mlp", 1, 16, 10, 4)));
        assertTrue(e.getMessage().startsWith(file + ": linear0.weight: "), e.getMessage());
        WeightsException folder = assertThrows(WeightsException.class,
                () -> WeightSources.load(dir.toString(), NetworkZoo.create("mlp", 1, 16, 10, 4)));
        assertTrue(folder.getMessage().contains("weights.safetensors"), folder.getMessage());
    }
}
