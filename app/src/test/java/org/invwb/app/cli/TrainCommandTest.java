package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.SafetensorsFile;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrainCommandTest {

    private static final String TINY = "{\"method\": \"train-classifier\", \"seed\": 3,"
            + " \"data\": {\"count\": 100, \"testCount\": 100},"
            + " \"model\": {\"architecture\": \"mlp\", \"numClasses\": 10, \"imageSize\": 28, \"channels\": 1, \"width\": 8%s},"
            + " \"parameters\": {\"optimizer\": \"adam\", \"lr\": 0.001, \"epochs\": 1, \"batchSize\": 50}}";

    @TempDir
    Path dir;

    @Test
    void trainsATinyModelIntoARunFolderWithLoadableWeights() throws Exception {
        Path spec = Files.writeString(dir.resolve("tiny.json"), String.format(TINY, ""));
        Path out = dir.resolve("run");
        Cli.Result r = Cli.run("train", spec.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        Network mlp = NetworkZoo.create("mlp", 1, 28, 10, 8);
        StateDict weights = SafetensorsFile.load(out.resolve("weights.safetensors"), mlp);
        assertEquals(mlp.parameterShapes().keySet(), weights.tensors().keySet());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("done", report.get("status").asText());
        assertEquals(2, report.at("/metrics/steps").asInt());
        assertTrue(r.out().contains("test accuracy"), r.out());
    }

    @Test
    void startsFromWeightsNamedBesideTheSpecFile() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        StateDict start = NetworkZoo.create("mlp", 1, 28, 10, 8).initialise(11);
        SafetensorsFile.save(project.resolve("start.safetensors"), start);
        Path spec = Files.writeString(project.resolve("finetune.json"),
                String.format(TINY, ", \"weights\": \"start.safetensors\""));
        Path out = dir.resolve("run");
        // run from elsewhere: the relative path is read beside the spec file
        Cli.Result r = Cli.run("train", spec.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        JsonNode stored = new ObjectMapper().readTree(out.resolve("spec.json").toFile());
        assertEquals(project.resolve("start.safetensors").toAbsolutePath().normalize().toString(),
                stored.at("/model/weights").asText());
    }

    @Test
    void refusesASpecOfAnotherFamily() throws Exception {
        Path spec = Files.writeString(dir.resolve("dlg.json"), "{\"method\": \"dlg\"}");
        Path out = dir.resolve("run");
        Cli.Result r = Cli.run("train", spec.toString(), "--out", out.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("dlg is a method of the gradient family; invwb train runs only training methods"),
                r.err());
        assertFalse(Files.exists(out), "no run folder for a refused spec");
    }

    static Iterable<String> shipped() {
        return WeightSources.bundledNames();
    }

    /** The sample spec of each shipped model is the one its record says produced it. */
    @ParameterizedTest
    @MethodSource("shipped")
    void eachShippedModelHasItsSpecInTheSampleProjects(String name) throws Exception {
        MethodRegistry registry = MethodRegistry.standard();
        String root = System.getProperty("invwb.root");
        Path samples = (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent())
                .resolve("sample-projects").resolve("training");
        ResolvedSpec sample = registry.resolve(Spec.load(samples.resolve(name + ".json")));
        ResolvedSpec recorded = registry.resolve(Spec.parse(WeightSources.record(name).get("spec").toString()));
        assertEquals(recorded.seed(), sample.seed());
        assertEquals(recorded.asMap(), sample.asMap());
    }
}
