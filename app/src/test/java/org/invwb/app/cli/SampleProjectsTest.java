package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped specs resolve as they are and keep the papers' settings. */
class SampleProjectsTest {

    private static Path samples() {
        String root = System.getProperty("invwb.root");
        return (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent()).resolve("sample-projects");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dlg", "idlg"})
    void gradientSampleRunsAtThePaperDefaults(String method) throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("gradient").resolve(method + ".json")));
        assertEquals(method, spec.method());
        assertEquals("bundled:photos", spec.section("data").getString("source"));
        assertEquals(1, spec.section("data").getInt("batchSize"));
        assertEquals("lenet-dlg", spec.section("model").getString("architecture"));
        ParamValues parameters = spec.section("parameters");
        assertEquals(300, parameters.getInt("iterations"));
        assertEquals(1.0, parameters.getDouble("lr"));
        assertEquals(20, parameters.getInt("lbfgsIterations"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gaussian-noise", "laplacian-noise", "pruning", "quantisation", "dp-sgd"})
    void federatedSampleAttacksADefendedClient(String defense) throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("federated").resolve("idlg-" + defense + ".json")));
        assertEquals("idlg", spec.method());
        assertEquals(defense, spec.section("client").getString("defense"));
        assertEquals(300, spec.section("parameters").getInt("iterations"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddim-inversion", "edict", "bdia", "null-text"})
    void diffusionSampleInvertsAnMnistDigitWithTheShippedModel(String method) throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("diffusion").resolve(method + ".json")));
        assertEquals(method, spec.method());
        assertEquals("bundled:mnist-test", spec.section("data").getString("source"));
        assertEquals("bundled:unet-mnist", spec.section("model").getString("weights"));
        ParamValues parameters = spec.section("parameters");
        assertEquals(50, parameters.getInt("steps"));
        assertEquals(-1, parameters.getInt("targetClass"));
        switch (method) {
            case "edict" -> assertEquals(0.93, parameters.getDouble("mixing"));
            case "null-text" -> {
                assertEquals(7.5, parameters.getDouble("guidance"));
                assertEquals(10, parameters.getInt("innerSteps"));
            }
            default -> { }
        }
    }
}
