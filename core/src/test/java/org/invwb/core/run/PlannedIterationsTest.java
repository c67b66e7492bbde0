package org.invwb.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.invwb.core.data.ImageSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The total a progress bar shows is what the run then does: for methods that repeat their iterations
 * (restarts, stages, one search per class, two directions), a run at tiny settings emits exactly as many
 * progress events, numbered 1 to the plan, as its method planned, and that plan is the count worked out
 * by hand from the settings.
 */
class PlannedIterationsTest {

    private static final MethodRegistry REGISTRY = MethodRegistry.standard();

    private static final String LENET = "\"data\": {\"source\": \"bundled:mnist-test\"}, \"model\": {\"architecture\":"
            + " \"lenet-dlg\", \"numClasses\": 10, \"imageSize\": 28, \"channels\": 1, \"weights\":"
            + " \"bundled:lenet-dlg-mnist\"}";
    private static final String GAN = "\"gan\": {\"generatorWidth\": 16, \"discriminatorWidth\": 16, \"weights\":"
            + " \"bundled:dcgan-mnist-public\"}";
    private static final String DIGIT = "\"data\": {\"source\": \"bundled:mnist-test\", \"count\": 1}";

    private static String spec(String method, String sections, String parameters) {
        return "{\"method\": \"" + method + "\", \"seed\": 0, " + (sections.isEmpty() ? "" : sections + ", ")
                + "\"parameters\": {" + parameters + "}}";
    }

    static Stream<Arguments> runs() {
        return Stream.of(
                // 2 restarts × 3 iterations
                Arguments.of(spec("inverting-gradients", LENET, "\"iterations\": 3, \"restarts\": 2"), 6),
                // 2 restarts × (2 latent + 3 stages × 1)
                Arguments.of(spec("gifd", LENET + ", " + GAN, "\"iterations\": 2, \"featureIterations\": 1,"
                        + " \"stages\": 3, \"restarts\": 2"), 10),
                // 2 restarts × ⌈20 / λ⌉ generations, λ = 4 + ⌊3 ln 100⌋ = 17 for one 100-entry code
                Arguments.of(spec("ggl", LENET + ", " + GAN, "\"evaluations\": 20, \"restarts\": 2"), 4),
                // 3 restarts × 2 iterations
                Arguments.of(spec("latent-optimization", DIGIT + ", " + GAN, "\"iterations\": 2, \"restarts\": 3"), 6),
                // 2 restarts × 2, then 2 stages × 3
                Arguments.of(spec("intermediate-features", DIGIT + ", " + GAN, "\"iterations\": 2, \"restarts\": 2,"
                        + " \"featureStages\": 2, \"featureIterations\": 3"), 10),
                // 2 restarts × 2 in round 1, then 2 further rounds × 2
                Arguments.of(spec("out-of-domain-inversion", DIGIT + ", " + GAN, "\"iterations\": 2, \"restarts\": 2,"
                        + " \"rounds\": 3"), 8),
                // 2 restarts × 3
                Arguments.of(spec("gmi", "", "\"iterations\": 3, \"restarts\": 2"), 6),
                // 2 restarts × (2 latent + 2 radii × 2)
                Arguments.of(spec("if-gmi", "", "\"iterations\": 2, \"restarts\": 2, \"radii\": \"500,600\","
                        + " \"featureIterations\": 2"), 12),
                // 10 classes × 2 steps, the early stop off
                Arguments.of(spec("neural-cleanse", "\"data\": {\"source\": \"bundled:mnist-test\", \"count\": 8},"
                        + " \"model\": {\"architecture\": \"convnet\", \"numClasses\": 10, \"imageSize\": 28,"
                        + " \"channels\": 1, \"width\": 4, \"weights\": \"bundled:convnet-badnets-mnist\"}",
                        "\"steps\": 2, \"earlyStop\": false, \"batchSize\": 8, \"miniBatches\": 1"), 20),
                // 3 inversion steps, then 3 regeneration steps
                Arguments.of(spec("ddim-inversion", "", "\"steps\": 3"), 6),
                Arguments.of(spec("bdia", "", "\"steps\": 3"), 6),
                // one iteration per step
                Arguments.of(spec("dps", "", "\"steps\": 3"), 3),
                Arguments.of(spec("red-diff", "", "\"steps\": 3"), 3),
                // 2 epochs × ⌈20 / 8⌉ mini-batches
                Arguments.of(spec("train-classifier", "\"data\": {\"count\": 20, \"testCount\": 8}, \"model\":"
                        + " {\"architecture\": \"mlp\", \"numClasses\": 10, \"imageSize\": 28, \"channels\": 1,"
                        + " \"width\": 8}", "\"epochs\": 2, \"batchSize\": 8"), 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void aRunEmitsThePlannedIterations(String json, int byHand) throws Exception {
        ResolvedSpec spec = REGISTRY.resolve(Spec.parse(json));
        int planned = REGISTRY.find(spec.method()).orElseThrow().plannedIterations(spec);
        assertEquals(byHand, planned, "plan");
        RecordedRun run = RecordedRun.of(json);
        assertEquals(RunReport.DONE, run.report().status(), run.report().reason());
        assertEquals(planned, run.progress().size(), "progress events");
        assertEquals(planned, run.progress().get(run.progress().size() - 1).iteration(), "last iteration");
    }

    /**
     * MI-FACE inverts its classes one after another, each reporting its start and then up to α steps; with
     * the stopping rules kept out of reach (γ = 0, a window longer than the run) it takes them all.
     */
    @Test
    void miFacePlansEveryStepOfEveryClass() throws Exception {
        aRunEmitsThePlannedIterations(spec("mi-face", "", "\"targetClasses\": \"5,7\", \"iterations\": 3,"
                + " \"threshold\": 0, \"window\": 1000, \"start\": 0.5"), 2 * (3 + 1));
    }

    /** With count 0 a bundled source is used whole: 5 epochs of ⌈2000 / 64⌉ steps, the images counted by reading them. */
    @Test
    void trainingOnAWholeBundledSourceKnowsItsSteps() throws Exception {
        ResolvedSpec spec = REGISTRY.resolve(Spec.parse("{\"method\": \"train-classifier\"}"));
        int images = ImageSources.load(spec.section("data").getString("source"), 1, 28, 28).count();
        int batch = spec.section("parameters").getInt("batchSize");
        int expected = spec.section("parameters").getInt("epochs") * ((images + batch - 1) / batch);
        assertEquals(expected, REGISTRY.find("train-classifier").orElseThrow().plannedIterations(spec));
    }

    /** No registered method leaves its total unknown at its defaults (the bar would show a bare count). */
    @Test
    void everyMethodPlansATotalAtItsDefaults() throws Exception {
        for (MethodDescriptor method : REGISTRY.all()) {
            ResolvedSpec spec = REGISTRY.resolve(Spec.parse("{\"method\": \"" + method.name() + "\"}"));
            assertTrue(method.plannedIterations(spec) > 0, method.name());
        }
    }
}
