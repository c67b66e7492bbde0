package org.invwb.core.nn.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.WeightsException;
import org.junit.jupiter.api.Test;

/** Against tools/export_diffusion_torchscript_fixture.py: a small ε-model scripted by torch 1.13 and its outputs. */
class TorchScriptEpsilonTest {

    private static final Shape BATCH = new Shape(2, 1, 28, 28);

    static Path fixture(String name) throws Exception {
        return Path.of(TorchScriptEpsilonTest.class.getResource(name).toURI());
    }

    private static JsonNode reference() throws Exception {
        return new ObjectMapper().readTree(fixture("eps-tiny.json").toFile());
    }

    private static TorchScriptEpsilon load(String name) throws Exception {
        return TorchScriptEpsilon.load(fixture(name), 1, 28, 10, 1000, Device.cpu());
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** ε at timesteps [3, 999] for classes [7, the null class 10], in float32 and from float64 trajectories. */
    @Test
    void epsilonMatchesTorch() throws Exception {
        JsonNode ref = reference();
        float[] x = floats(ref.get("x"));
        float[] expected = floats(ref.get("eps"));
        double[][] got = ComputeThread.call(() -> {
            try (TorchScriptEpsilon model = load("eps-tiny.pt");
                 NDManager m = NDManager.newBaseManager(Device.cpu())) {
                NDArray in = m.create(x, BATCH);
                NDArray eps32 = model.epsilon(in, ints(ref.get("timesteps")), ints(ref.get("classes")));
                NDArray eps64 = model.epsilon(in.toType(DataType.FLOAT64, false), ints(ref.get("timesteps")),
                        ints(ref.get("classes")));
                assertEquals(DataType.FLOAT64, eps64.getDataType(), "ε comes back in the trajectories' type");
                return new double[][] {eps32.toType(DataType.FLOAT64, false).toDoubleArray(), eps64.toDoubleArray()};
            }
        });
        assertMatches(expected, got[0], "float32");
        assertMatches(expected, got[1], "float64");
    }

    /** Through DiffusionModel: guidance uses class numClasses as the unconditional model, as torch did. */
    @Test
    void guidedEpsilonMatchesTorch() throws Exception {
        JsonNode ref = reference();
        float[] x = floats(ref.get("x"));
        int[] t = ints(ref.get("timesteps"));
        double[] got = ComputeThread.call(() -> {
            try (NDManager root = NDManager.newBaseManager(Device.cpu());
                 DiffusionModel model = new DiffusionModel(load("eps-tiny.pt"), NoiseSchedule.of("linear", 1000), root,
                         DataType.FLOAT32)) {
                NDArray in = root.create(x, BATCH);
                // one timestep per call: the model's guided ε takes a single t for the batch
                NDArray first = model.epsilon(in.get("0:1"), t[0], new int[] {ref.get("guidedClasses").get(0).asInt()},
                        ref.get("guidance").asDouble());
                NDArray second = model.epsilon(in.get("1:2"), t[1], new int[] {ref.get("guidedClasses").get(1).asInt()},
                        ref.get("guidance").asDouble());
                return first.concat(second).toType(DataType.FLOAT64, false).toDoubleArray();
            }
        });
        assertMatches(floats(ref.get("guided")), got, "guided");
    }

    private static void assertMatches(float[] expected, double[] got, String what) {
        assertEquals(expected.length, got.length, what);
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 1e-5, what + " ε " + i);
            largest = Math.max(largest, Math.abs(expected[i]));
        }
        assertTrue(largest > 0.1, "the reference ε is not trivially small");
    }

    @Test
    void aForwardWithoutTheClassIsRefusedWithTheSignature() {
        WeightsException e = assertThrows(WeightsException.class, () -> ComputeThread.call(() -> load("eps-two-args.pt")));
        assertTrue(e.getMessage().contains("eps-two-args.pt: its forward fails on x of shape (2, 1, 28, 28)"),
                e.getMessage());
        assertTrue(e.getMessage().contains(TorchScriptEpsilon.SIGNATURE), e.getMessage());
    }

    @Test
    void anOutputOfAnotherShapeIsRefused() {
        WeightsException e = assertThrows(WeightsException.class, () -> ComputeThread.call(() -> load("eps-flat.pt")));
        assertTrue(e.getMessage().contains("eps-flat.pt: the module returns shape (2, 10) for x of shape (2, 1, 28, 28)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("must return ε of x's shape"), e.getMessage());
    }

    /** The model section's timesteps are part of the check: the fixture's time embedding has 1000 rows. */
    @Test
    void aTimestepBeyondTheModelsIsRefused() {
        WeightsException e = assertThrows(WeightsException.class, () -> ComputeThread.call(
                () -> TorchScriptEpsilon.load(fixture("eps-tiny.pt"), 1, 28, 10, 2000, Device.cpu())));
        assertTrue(e.getMessage().contains("t = [0, 1999]") && e.getMessage().contains("index out of range"),
                e.getMessage());
    }
}
