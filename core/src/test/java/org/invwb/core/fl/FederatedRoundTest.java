package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.Job;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunControl;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederatedRoundTest {

    private static final MethodRegistry REGISTRY = MethodRegistry.standard();

    @TempDir
    Path dir;

    private static String spec(String federation, String client) {
        return "{\"method\": \"federated-round\", \"seed\": 4,"
                + " \"data\": {\"trainImages\": 300, \"testImages\": 200},"
                + " \"model\": {\"architecture\": \"mlp\", \"numClasses\": 10, \"imageSize\": 28, \"channels\": 1,"
                + " \"width\": 32},"
                + " \"federation\": {\"clients\": 6, \"rounds\": 3, " + federation + "},"
                + " \"client\": {" + client + "}}";
    }

    private RunReport run(String json, Path folder) throws Exception {
        Spec spec = Spec.parse(json);
        ResolvedSpec resolved = REGISTRY.resolve(spec);
        try (RunStore store = RunStore.create(folder, spec, resolved)) {
            Job job = new Job(REGISTRY.find(resolved.method()).orElseThrow(), resolved, 0, "cpu");
            job.addSink(store);
            return ComputeThread.call(job::execute);
        }
    }

    @Test
    void theRunReportsAccuracyPerRoundAndStoresTheVictimsObservation() throws Exception {
        Path folder = dir.resolve("fedavg");
        RunReport report = run(spec("\"clientFraction\": 0.5, \"protocol\": \"fedavg\", \"localSteps\": 4, \"localBatchSize\": 5,"
                + " \"localLr\": 0.05, \"victimClient\": 2, \"victimRound\": 2", "\"defense\": \"pruning\""), folder);
        assertEquals(RunReport.DONE, report.status(), report.reason());
        Map<String, Object> metrics = report.metrics();
        assertEquals(3, ((List<?>) metrics.get("accuracyPerRound")).size());
        assertEquals(((List<?>) metrics.get("accuracyPerRound")).get(2), metrics.get("finalAccuracy"));

        StoredObservation stored = ObservationFile.load(folder);
        Observation o = stored.observation();
        assertEquals(List.of(2, 2, "pruning", false), List.of(stored.client(), stored.round(), stored.defense(),
                stored.secureAggregation()));
        assertEquals(UpdateKind.WEIGHT_DIFFERENCE, o.kind());
        assertEquals(List.of(4, 0.05, 5, 20), List.of(o.localSteps(), o.learningRate(), o.localBatchSize(),
                o.batchSize()), "4 steps of 5 reach 20 of the client's 50 examples");
        // pruning at its default 0.9 leaves a tenth of the entries
        long nonZero = o.update().tensors().values().stream().flatMap(t -> {
            Float[] boxed = new Float[t.size()];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = t.data()[i];
            }
            return java.util.Arrays.stream(boxed);
        }).filter(v -> v != 0).count();
        assertEquals(Math.round(0.1 * o.update().parameterCount()), nonZero, 2);
        ImageBatch truth = ObservationFile.loadTruth(folder, 10);
        assertEquals(20, truth.count());
        // the victim's examples are training images: each one is found among the first 300
        ImageBatch train = ImageSources.load("bundled:fashion-mnist-train", 1, 28, 28);
        for (int i = 0; i < truth.count(); i++) {
            assertTrue(indexOf(train, truth, i) >= 0 && indexOf(train, truth, i) < 300, "example " + i);
        }
    }

    @Test
    void dpSgdClientsReportThePrivacySpent() throws Exception {
        RunReport report = run(spec("\"clientFraction\": 0.5, \"protocol\": \"fedsgd\", \"localBatchSize\": 0, \"serverLr\": 0.1",
                "\"defense\": \"dp-sgd\", \"clipNorm\": 1, \"noiseMultiplier\": 1"), dir.resolve("dp"));
        assertEquals(RunReport.DONE, report.status(), report.reason());
        double eps = (Double) report.metrics().get("epsilon");
        // at most 3 full-batch steps per client (fewer when it is not picked); more rounds can only cost more
        assertTrue(eps <= RdpAccountant.epsilon(1, 1, 3, 1e-5) && eps >= RdpAccountant.epsilon(1, 1, 1, 1e-5), "" + eps);
    }

    @Test
    void secureAggregationWithOneClientPerRoundNamesTheField() {
        SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> checked(spec("\"clientFraction\": 0.1, \"secureAggregation\": true", "")));
        assertEquals("federation.secureAggregation", e.path());
    }

    @Test
    void aVictimBeyondTheClientsNamesTheField() {
        SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
                () -> checked(spec("\"clientFraction\": 0.5, \"victimClient\": 6", "")));
        assertEquals("federation.victimClient", e.path());
    }

    @Test
    void aModelWithBatchNormIsRefusedRatherThanEvaluatedOnStaleStatistics() {
        SpecException e = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class, () -> checked(
                spec("\"clientFraction\": 0.5", "").replace("\"architecture\": \"mlp\"", "\"architecture\": \"convnet\"")));
        assertEquals("model.architecture", e.path());
    }

    /** Runs the method on the spec, as a job would. */
    private static void checked(String json) throws Exception {
        ResolvedSpec resolved = REGISTRY.resolve(Spec.parse(json));
        RunContext ctx = new RunContext(resolved, event -> { }, new RunControl(), 0, "cpu");
        ComputeThread.call(() -> new FederatedRound().run(ctx));
    }

    private static int indexOf(ImageBatch all, ImageBatch some, int i) {
        for (int j = 0; j < all.count(); j++) {
            if (java.util.Arrays.equals(all.image(j).pixels(), some.image(i).pixels())) {
                return j;
            }
        }
        return -1;
    }
}
