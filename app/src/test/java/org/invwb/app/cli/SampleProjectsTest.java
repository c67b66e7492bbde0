package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.invwb.core.fl.ObservationFile;
import org.invwb.core.fl.UpdateKind;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    /** Inverting Gradients keeps the reference code's algorithm; only the width and the iterations are reduced. */
    @Test
    void invertingGradientsSampleKeepsTheReferenceAlgorithm() throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("gradient").resolve("inverting-gradients.json")));
        assertEquals("inverting-gradients", spec.method());
        assertEquals("convnet", spec.section("model").getString("architecture"));
        assertEquals(1, spec.section("data").getInt("batchSize"));
        ParamValues parameters = spec.section("parameters");
        assertEquals(0.1, parameters.getDouble("lr"));
        assertEquals(1e-4, parameters.getDouble("tv"));
        assertEquals("cosine", parameters.getString("distance"));
        assertTrue(parameters.getBoolean("signedGradients"));
        assertTrue(parameters.getBoolean("lrDecay"));
        assertTrue(parameters.getBoolean("boxed"));
        assertEquals("auto", parameters.getString("labels"));
    }

    /** The FedAvg variant: the client unrolls 5 local steps at 1e-4, the reference's FedAvg example. */
    @Test
    void invertingGradientsFedAvgSampleAttacksLocalSteps() throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("gradient").resolve("inverting-gradients-fedavg.json")));
        assertEquals("inverting-gradients", spec.method());
        assertEquals("fedavg", spec.section("client").getString("protocol"));
        assertEquals(5, spec.section("client").getInt("localSteps"));
        assertEquals(1e-4, spec.section("client").getDouble("localLr"));
        assertEquals(0.0, spec.section("parameters").getDouble("tv"));
        assertEquals("cosine", spec.section("parameters").getString("distance"));
    }

    /** The GAN-prior samples search the shipped GAN against the shipped LeNet with the reference's algorithm. */
    @ParameterizedTest
    @ValueSource(strings = {"ggl", "gifd"})
    void ganPriorSampleSearchesTheShippedGan(String method) throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("gradient").resolve(method + ".json")));
        assertEquals(method, spec.method());
        assertEquals("bundled:dcgan-mnist-public", spec.section("gan").getString("weights"));
        assertEquals("bundled:lenet-dlg-mnist", spec.section("model").getString("weights"));
        assertEquals(28, spec.section("model").getInt("imageSize"));
        ParamValues parameters = spec.section("parameters");
        if (method.equals("ggl")) {
            assertEquals("cma-es", parameters.getString("optimizer"));
            assertEquals("tanh", parameters.getString("latentMap"));
            assertEquals("l2", parameters.getString("distance"));
        } else {
            assertEquals(3, parameters.getInt("stages"));
            assertEquals(0.1, parameters.getDouble("featureLr"));
            assertEquals("cosine", parameters.getString("distance"));
            assertEquals(1e-4, parameters.getDouble("tv"));
        }
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

    @ParameterizedTest
    @ValueSource(strings = {"fedsgd-round", "fedavg-round", "fedavg-dirichlet-dp-sgd"})
    void federatedRoundSampleTrainsOnBundledFashionMnist(String name) throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("federated").resolve(name + ".json")));
        assertEquals("federated-round", spec.method());
        assertEquals("bundled:fashion-mnist-train", spec.section("data").getString("source"));
        assertEquals(10, spec.section("model").getInt("numClasses"));
        ParamValues federation = spec.section("federation");
        assertEquals(name.startsWith("fedsgd") ? "fedsgd" : "fedavg", federation.getString("protocol"));
        assertEquals(name.contains("dirichlet") ? "dirichlet" : "iid", federation.getString("partition"));
        assertEquals(name.contains("dp-sgd") ? "dp-sgd" : "none", spec.section("client").getString("defense"));
    }

    /**
     * The HyperFL sample as shipped: 10 rounds bring the clients' own models to 0.54 mean test accuracy (seed 0),
     * and the observation it stores holds only the hypernetwork, which gradient attacks refuse to read.
     */
    @Test
    void hyperFlSampleRunsAsIsAndSharesOnlyTheHypernetwork(@TempDir Path dir) throws Exception {
        Path spec = samples().resolve("federated").resolve("hyperfl-round.json");
        assertEquals("hyperfl", MethodRegistry.standard().resolve(Spec.load(spec)).section("client")
                .getString("defense"));
        Path out = dir.resolve("run");
        Cli.Result r = Cli.run("round", spec.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        Map<String, Object> report = RunStore.readReport(out);
        double accuracy = ((Number) ((Map<?, ?>) report.get("metrics")).get("finalAccuracy")).doubleValue();
        assertTrue(accuracy > 0.4, "final accuracy " + accuracy);
        IOException refused = assertThrows(IOException.class, () -> ObservationFile.load(out));
        assertTrue(refused.getMessage().contains("hypernetwork"), refused.getMessage());
    }

    /** The FedAvg sample as shipped: 5 rounds reach 0.58 test accuracy (seed 0), and the victim's update is stored. */
    @Test
    void fedAvgSampleRunsAsIsAndStoresTheObservation(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Cli.Result r = Cli.run("round", samples().resolve("federated").resolve("fedavg-round.json").toString(),
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        Map<String, Object> report = RunStore.readReport(out);
        double accuracy = ((Number) ((Map<?, ?>) report.get("metrics")).get("finalAccuracy")).doubleValue();
        assertTrue(accuracy > 0.5, "final accuracy " + accuracy);
        assertEquals(UpdateKind.WEIGHT_DIFFERENCE, ObservationFile.load(out).observation().kind());
    }

    /**
     * The GAN training samples keep GMI's settings (Adam at 2e-4 with betas 0.5 and 0.999, batches of 64;
     * WGAN-GP with 5 critic steps and λ = 10 for the public prior) and run as they are, with fewer
     * iterations, into a weights file in the GAN layout.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dcgan-mnist-public", "dcgan-mnist", "dcgan-fashion-mnist"})
    void ganSampleKeepsGmiSettingsAndTrains(String name, @TempDir Path dir) throws Exception {
        Path file = samples().resolve("training").resolve(name + ".json");
        ResolvedSpec spec = MethodRegistry.standard().resolve(Spec.load(file));
        assertEquals("train-gan", spec.method());
        ParamValues parameters = spec.section("parameters");
        assertEquals(2e-4, parameters.getDouble("lr"));
        assertEquals(0.5, parameters.getDouble("beta1"));
        assertEquals(0.999, parameters.getDouble("beta2"));
        assertEquals(64, parameters.getInt("batchSize"));
        boolean wgan = parameters.getString("loss").equals("wgan-gp");
        assertEquals(name.equals("dcgan-mnist-public"), wgan);
        assertEquals(wgan ? 5 : 1, parameters.getInt("criticSteps"));
        assertEquals(10, parameters.getDouble("gradientPenalty"));
        Path out = dir.resolve("run");
        Cli.Result r = Cli.run("train", file.toString(), "--out", out.toString(), "--set", "parameters.iterations=2",
                "--set", "parameters.batchSize=8");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        WeightSources.load(out.toString(), GanModelSpec.networks(spec.section("gan")));
    }

    private static ResolvedSpec gradientSample(String method) throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("gradient").resolve(method + ".json")));
        assertEquals(method, spec.method());
        return spec;
    }

    @Test
    void analyticSampleAttacksAFullyConnectedFirstLayer() throws Exception {
        ResolvedSpec spec = gradientSample("analytic-fc");
        assertEquals("mlp", spec.section("model").getString("architecture"));
        assertEquals(4, spec.section("data").getInt("batchSize"));
    }

    @Test
    void dropoutInversionSampleAttacksADropoutClientAtThePaperSettings() throws Exception {
        ResolvedSpec spec = gradientSample("dropout-inversion");
        assertEquals("dropout", spec.section("client").getString("defense"));
        assertEquals(0.25, spec.section("client").getDouble("dropoutRate"));
        assertEquals("mlp", spec.section("model").getString("architecture"));
        ParamValues parameters = spec.section("parameters");
        assertEquals(0.1, parameters.getDouble("lr"));
        assertEquals(1e-5, parameters.getDouble("tv"));
        assertEquals(1e-4, parameters.getDouble("maskRegularisation"));
        assertEquals(true, parameters.getBoolean("signedGradients"));
    }

    @Test
    void seeThroughGradientsSampleUsesANetworkWithBatchNormAndThePaperWeights() throws Exception {
        ResolvedSpec spec = gradientSample("see-through-gradients");
        assertEquals("resnet20", spec.section("model").getString("architecture"));
        ParamValues parameters = spec.section("parameters");
        assertEquals(0.1, parameters.getDouble("lr"));
        assertEquals(0.1, parameters.getDouble("batchNorm"));
        assertEquals(1e-4, parameters.getDouble("tv"));
        assertEquals(1e-6, parameters.getDouble("l2"));
        assertEquals("yin", parameters.getString("labels"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddim-inversion", "edict", "bdia", "null-text", "spd-inversion"})
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
            case "spd-inversion" -> {
                assertEquals(7.5, parameters.getDouble("guidance"));
                assertEquals(25, parameters.getInt("innerSteps"));
                assertEquals(1e-3, parameters.getDouble("lr"));
                assertEquals(5e-6, parameters.getDouble("threshold"));
            }
            default -> { }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"latent-optimization", "encoder-inversion", "intermediate-features",
            "out-of-domain-inversion"})
    void ganInversionSampleInvertsDigitsOfTheShippedGansDomain(String method) throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("gan-inversion").resolve(method + ".json")));
        assertEquals(method, spec.method());
        assertEquals("bundled:dcgan-mnist-public", spec.section("gan").getString("weights"));
        assertEquals("0-4", spec.section("data").getString("classes"));
        assertEquals(method.equals("out-of-domain-inversion") ? "checker" : "none",
                spec.section("data").getString("stamp"));
        ParamValues parameters = spec.section("parameters");
        assertEquals("bundled:mlp-mnist", parameters.getString("perceptualNetwork"));
        assertEquals(500, parameters.getInt("iterations"));
    }

    /** The inverse-problem samples keep the reference step counts and step sizes on the shared box-inpainting problem. */
    @ParameterizedTest
    @ValueSource(strings = {"red-diff", "dps"})
    void inverseProblemSampleKeepsTheReferenceSettings(String method) throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("diffusion").resolve(method + ".json")));
        assertEquals(method, spec.method());
        assertEquals("bundled:unet-mnist", spec.section("model").getString("weights"));
        ParamValues degradation = spec.section("degradation");
        assertEquals("inpainting", degradation.getString("task"));
        assertEquals(0.05, degradation.getDouble("sigmaY"));
        ParamValues parameters = spec.section("parameters");
        assertEquals(1000, parameters.getInt("steps"));
        assertEquals(-1, parameters.getInt("classLabel"));
        if (method.equals("red-diff")) {
            assertEquals(0.1, parameters.getDouble("lr"));
            assertEquals(0.25, parameters.getDouble("lambda"));
        } else {
            assertEquals(1.0, parameters.getDouble("zeta"));
        }
    }

    /** The model inversions attack the shipped private target, judged by the shipped evaluation classifier. */
    @ParameterizedTest
    @ValueSource(strings = {"mi-face", "gmi", "if-gmi"})
    void modelInversionSampleAttacksTheShippedPrivateTarget(String method) throws Exception {
        ResolvedSpec spec = MethodRegistry.standard()
                .resolve(Spec.load(samples().resolve("model-inversion").resolve(method + ".json")));
        assertEquals(method, spec.method());
        assertEquals("bundled:convnet-mnist-private", spec.section("model").getString("weights"));
        assertEquals("bundled:mlp-mnist-private", spec.section("evaluation").getString("weights"));
        assertEquals("bundled:mnist-train", spec.section("data").getString("private"));
        ParamValues parameters = spec.section("parameters");
        assertEquals("5-9", parameters.getString("targetClasses"));
        if (method.equals("mi-face")) {
            assertEquals(5000, parameters.getInt("iterations"));
            assertEquals(100, parameters.getInt("window"));
            assertEquals(0.1, parameters.getDouble("stepSize"));
        } else {
            assertEquals("bundled:dcgan-mnist-public", spec.section("gan").getString("weights"));
            assertEquals(100.0, parameters.getDouble("identityWeight"));
            assertEquals("sgd-nesterov", parameters.getString("optimizer"));
            assertEquals(0.01, parameters.getDouble("lr"));
            assertEquals(0.9, parameters.getDouble("momentum"));
            assertEquals(1500, parameters.getInt("iterations"));
            assertEquals(1.0, parameters.getDouble("clip"));
            assertEquals(5, parameters.getInt("restarts"));
        }
    }
}
