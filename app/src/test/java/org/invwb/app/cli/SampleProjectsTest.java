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
    @ValueSource(strings = {"neural-cleanse", "smoothinv"})
    void backdoorSampleInspectsTheShippedBackdooredModel(String method) throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("backdoor").resolve(method + ".json")));
        assertEquals(method, spec.method());
        assertEquals("bundled:convnet-badnets-mnist", spec.section("model").getString("weights"));
        assertEquals("bundled:mnist-test", spec.section("data").getString("source"));
        ParamValues parameters = spec.section("parameters");
        assertEquals("0-1", parameters.getString("pixelRange"));
        if (method.equals("neural-cleanse")) {
            assertEquals(0.5, parameters.getDouble("beta1"));
            assertEquals(0.9, parameters.getDouble("beta2"));
            assertEquals(1e-3, parameters.getDouble("initCost"));
            assertEquals(0.99, parameters.getDouble("successThreshold"));
            assertEquals(2.0, parameters.getDouble("anomalyThreshold"));
        } else {
            assertEquals(400, parameters.getInt("steps"));
            assertEquals(40, parameters.getInt("samples"));
            assertEquals(0.25, parameters.getDouble("sigma"));
            assertEquals(7, parameters.getInt("targetClass"));
        }
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
}
