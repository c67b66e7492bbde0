package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;

class GradientMemoryEstimateTest {

    private static final MethodRegistry REGISTRY = MethodRegistry.standard();

    @Test
    void aHugeBatchIsRefusedWithTheMemoryItNeeds() throws Exception {
        Spec spec = Spec.parse("{\"method\": \"dlg\", \"seed\": 0, \"data\": {\"batchSize\": 4096},"
                + " \"model\": {\"architecture\": \"resnet18\", \"imageSize\": 224}}");
        ResolvedSpec resolved = REGISTRY.resolve(spec);
        SpecException e = assertThrows(SpecException.class,
                () -> ComputeThread.call(() -> ClientScenario.build(resolved)));
        assertEquals("data.batchSize", e.path());
        assertTrue(e.getMessage().contains("GB"), e.getMessage());
        assertTrue(e.getMessage().contains("4096 images of 224×224 on resnet18"), e.getMessage());
    }

    /**
     * DLG's LeNet on 32×32: three sigmoid convolutions, stride 2, 2, 1, 12 channels each, give
     * 12·(16² + 8² + 8²) = 4,608 pre-activations, as many sigmoid outputs and 100 logits: 9,316; the
     * flattened features (768) may count once more as their own array. The batch must enter linearly,
     * with {@value GradientMemoryEstimate#ACTIVATION_COPIES} copies of them.
     */
    @Test
    void theEstimateCountsEveryActivationAndGrowsLinearlyWithTheBatch() throws Exception {
        Network lenet = NetworkZoo.create("lenet-dlg", 3, 32, 100);
        long one = GradientMemoryEstimate.bytes(lenet, 1);
        long two = GradientMemoryEstimate.bytes(lenet, 2);
        long perImageFloats = (two - one) / Float.BYTES;
        long input = 3 * 32 * 32;
        long activations = (perImageFloats - 3 * input) / GradientMemoryEstimate.ACTIVATION_COPIES;
        assertTrue(activations >= 9_316 && activations <= 9_316 + 768, "activations per image " + activations);
        long parameters = lenet.parameterShapes().values().stream().mapToLong(s -> s.size()).sum();
        assertEquals(Float.BYTES * (GradientMemoryEstimate.PARAMETER_COPIES * parameters
                + GradientMemoryEstimate.ACTIVATION_COPIES * activations + 3 * input), one);
    }

    @Test
    void theSampleSpecsPass() throws Exception {
        List<Path> specs;
        try (Stream<Path> files = Stream.of("gradient", "federated").flatMap(d -> list(Path.of("..",
                "sample-projects", d)))) {
            specs = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        int built = 0;
        for (Path file : specs) {
            ResolvedSpec resolved = REGISTRY.resolve(Spec.load(file));
            MethodDescriptor method = REGISTRY.find(resolved.method()).orElseThrow();
            if (!ClientScenario.usedBy(method) || !resolved.section("client").getString("observation").isBlank()
                    || resolved.section("client").getString("defense").equals("hyperfl")) {
                continue;
            }
            ComputeThread.call(() -> ClientScenario.build(resolved));
            built++;
        }
        assertFalse(built < 8, "only " + built + " sample specs attack a simulated client");
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
