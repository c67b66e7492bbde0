package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against tools/export_torchscript_fixture.py: an MLP with dropout scripted by torch 1.13, and its eval-mode outputs. */
class TorchScriptModelTest {

    static final Shape MNIST = new Shape(1, 28, 28);

    static Path fixture(String name) throws Exception {
        return Path.of(TorchScriptModelTest.class.getResource("torchscript/" + name).toURI());
    }

    private static JsonNode reference() throws Exception {
        return new ObjectMapper().readTree(fixture("mlp-28.json").toFile());
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    /** The logits torch computed in eval mode (dropout off), and the gradient of Σᵢ logits[i, classᵢ] to the input. */
    @Test
    void logitsAndInputGradientMatchTorch() throws Exception {
        JsonNode ref = reference();
        float[] inputs = floats(ref.get("inputs"));
        float[] expectedLogits = floats(ref.get("logits"));
        float[] expectedGradient = floats(ref.get("gradient"));
        int[] classes = {ref.get("classes").get(0).asInt(), ref.get("classes").get(1).asInt(),
                ref.get("classes").get(2).asInt()};
        float[][] got = ComputeThread.call(() -> {
            try (TorchScriptModel model = TorchScriptModel.load(fixture("mlp-28.pt"), MNIST, 10, Device.cpu());
                 NDManager m = NDManager.newBaseManager(Device.cpu())) {
                NDArray x = Autograd.leaf(m.create(inputs, new Shape(3, 1, 28, 28)));
                NDArray logits = model.forward(Map.of(), x, false);
                float[] pick = new float[30];
                for (int i = 0; i < 3; i++) {
                    pick[i * 10 + classes[i]] = 1;
                }
                NDArray picked = logits.mul(m.create(pick, new Shape(3, 10))).sum();
                return new float[][] {logits.toFloatArray(), Autograd.grad(picked, x).toFloatArray()};
            }
        });
        assertEquals(expectedLogits.length, got[0].length);
        for (int i = 0; i < expectedLogits.length; i++) {
            assertEquals(expectedLogits[i], got[0][i], 1e-5, "logit " + i);
        }
        double largest = 0;
        for (int i = 0; i < expectedGradient.length; i++) {
            assertEquals(expectedGradient[i], got[1][i], 1e-5, "gradient " + i);
            largest = Math.max(largest, Math.abs(expectedGradient[i]));
        }
        assertTrue(largest > 1e-3, "the reference gradient is not trivially zero");
    }

    /** A training forward turns the module's dropout on: the logits then differ from the eval-mode ones. */
    @Test
    void trainingForwardRunsTheModuleInTrainingMode() throws Exception {
        float[] inputs = floats(reference().get("inputs"));
        float[][] got = ComputeThread.call(() -> {
            try (TorchScriptModel model = TorchScriptModel.load(fixture("mlp-28.pt"), MNIST, 10, Device.cpu());
                 NDManager m = NDManager.newBaseManager(Device.cpu())) {
                NDArray x = m.create(inputs, new Shape(3, 1, 28, 28));
                float[] train = model.forward(Map.of(), x, true).toFloatArray();
                float[] eval = model.forward(Map.of(), x, false).toFloatArray();
                return new float[][] {train, eval};
            }
        });
        float[] expected = floats(reference().get("logits"));
        double differs = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[1][i], 1e-5, "eval logit " + i + " after a training forward");
            differs = Math.max(differs, Math.abs(got[0][i] - expected[i]));
        }
        assertTrue(differs > 1e-3, "dropout changed nothing in training mode");
    }

    @Test
    void aModuleThatDetachesItsOutputIsRefused() {
        WeightsException e = assertThrows(WeightsException.class, () -> ComputeThread.call(
                () -> TorchScriptModel.load(fixture("detached-28.pt"), MNIST, 10, Device.cpu())));
        assertTrue(e.getMessage().contains("detached-28.pt"), e.getMessage());
        assertTrue(e.getMessage().contains("the module returns no gradient to its input"), e.getMessage());
        assertTrue(e.getMessage().contains("input-gradient attacks cannot use it"), e.getMessage());
    }

    @Test
    void logitsOfAnotherClassCountAreRefused() {
        WeightsException e = assertThrows(WeightsException.class, () -> ComputeThread.call(
                () -> TorchScriptModel.load(fixture("mlp-28.pt"), MNIST, 5, Device.cpu())));
        assertTrue(e.getMessage().contains("(1, 10)") && e.getMessage().contains("(1, 5)")
                && e.getMessage().contains("model.numClasses"), e.getMessage());
    }

    @Test
    void anInputOfAnotherSizeIsRefused() {
        WeightsException e = assertThrows(WeightsException.class, () -> ComputeThread.call(
                () -> TorchScriptModel.load(fixture("mlp-28.pt"), new Shape(3, 32, 32), 10, Device.cpu())));
        assertTrue(e.getMessage().contains("its forward fails on an input of shape (1, 3, 32, 32)"), e.getMessage());
    }

    @Test
    void aFileThatIsNotTorchScriptIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.pt");
        Files.writeString(file, "not a module");
        WeightsException e = assertThrows(WeightsException.class, () -> ComputeThread.call(
                () -> TorchScriptModel.load(file, MNIST, 10, Device.cpu())));
        assertTrue(e.getMessage().startsWith(file + ": not a TorchScript module"), e.getMessage());
    }

    /** Methods that run a zoo network from a state dict (gradient inversion, training) refuse a TorchScript file. */
    @Test
    void weightSourcesRefuseTorchScriptWithTheReason() throws Exception {
        String source = fixture("mlp-28.pt").toString();
        WeightsException e = assertThrows(WeightsException.class,
                () -> WeightSources.load(source, new Mlp(MNIST, 10)));
        assertTrue(e.getMessage().contains("TorchScript") && e.getMessage().contains("neural-cleanse, smoothinv")
                && e.getMessage().contains("gradients with respect to the parameters"), e.getMessage());
    }
}
