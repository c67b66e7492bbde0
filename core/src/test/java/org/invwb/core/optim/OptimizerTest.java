package org.invwb.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.function.Function;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Step for step against torch.optim (trajectories from tools/export_optim_fixtures.py), in float64. */
class OptimizerTest {

    private static JsonNode reference() throws Exception {
        try (InputStream in = OptimizerTest.class.getResourceAsStream("optimizers-torch.json")) {
            return new ObjectMapper().readTree(in).get("steps");
        }
    }

    private static Function<NDManager, Optimizer> make(String setting) {
        return switch (setting) {
            case "adam-default" -> m -> Adam.withDefaults(m, 0.1);
            case "adam-decay" -> m -> new Adam(m, 0.05, 0.5, 0.9, 1e-6, 0.01);
            case "adamw" -> m -> Adam.adamW(m, 0.05, 0.1);
            case "sgd-plain" -> m -> new Sgd(m, 0.05, 0, 0, false);
            case "sgd-momentum" -> m -> new Sgd(m, 0.05, 0.9, 1e-3, false);
            case "sgd-nesterov" -> m -> new Sgd(m, 0.05, 0.9, 0, true);
            default -> throw new IllegalArgumentException(setting);
        };
    }

    /** The fixture's loss: Σ c·a² + Σ sin(3a) + Σ (b − 1)⁴ with c = (1..6)/4. */
    private static NDArray loss(NDArray a, NDArray b) {
        NDArray c = a.getManager().arange(1, 7, 1, DataType.FLOAT64).reshape(2, 3).div(4);
        return a.mul(a).mul(c).sum().add(a.mul(3).sin().sum()).add(b.sub(1).pow(4).sum());
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam-default", "adam-decay", "adamw", "sgd-plain", "sgd-momentum", "sgd-nesterov"})
    void followsTorchTrajectory(String setting) throws Exception {
        JsonNode steps = reference().get(setting);
        ComputeThread.call(() -> {
            try (NDManager root = NDManager.newBaseManager();
                 Optimizer optimizer = make(setting).apply(root)) {
                NDArray a = root.create(new double[] {0.5, -1.0, 2.0, 0.1, 0.7, -0.3}, new Shape(2, 3));
                NDArray b = root.create(new double[] {0.0, 2.5, -1.0});
                for (int step = 0; step < steps.size(); step++) {
                    try (NDManager iteration = root.newSubManager(); NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        NDArray leafA = a.stopGradient();
                        NDArray leafB = b.stopGradient();
                        leafA.attach(iteration);
                        leafB.attach(iteration);
                        leafA.setRequiresGradient(true);
                        leafB.setRequiresGradient(true);
                        List<NDArray> grads = Autograd.grad(loss(leafA, leafB), List.of(leafA, leafB), false);
                        optimizer.step(List.of(a, b), grads);
                    }
                    assertArrayEquals(values(steps.get(step).get("a")), a.toDoubleArray(), 1e-12, setting + " a, step " + (step + 1));
                    assertArrayEquals(values(steps.get(step).get("b")), b.toDoubleArray(), 1e-12, setting + " b, step " + (step + 1));
                }
            }
            return null;
        });
    }

    private static double[] values(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
