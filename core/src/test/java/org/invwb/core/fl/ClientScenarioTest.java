package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;

class ClientScenarioTest {

    private static final MethodRegistry REGISTRY = MethodRegistry.standard();

    @Test
    void clientImagesAreTheBatchPickedFromTheSourceAtTheModelsInputSize() throws Exception {
        ResolvedSpec spec = REGISTRY.resolve(Spec.parse("{\"method\": \"dlg\", \"data\": {\"source\": \"bundled:photos\","
                + " \"index\": 2, \"batchSize\": 2}, \"model\": {\"imageSize\": 16, \"channels\": 1}}"));
        ImageBatch batch = ClientScenario.clientImages(spec);
        ImageBatch all = ImageSources.load("bundled:photos", 1, 16, 16);
        assertEquals(2, batch.count());
        assertEquals(1, batch.channels());
        assertEquals(16, batch.height());
        assertArrayEquals(all.image(2).pixels(), batch.image(0).pixels());
        assertArrayEquals(all.image(3).pixels(), batch.image(1).pixels());
    }

    @Test
    void aBatchPastTheEndOfTheSourceNamesTheField() throws Exception {
        ResolvedSpec spec = REGISTRY.resolve(Spec.parse(
                "{\"method\": \"dlg\", \"data\": {\"source\": \"bundled:photos\", \"index\": 11, \"batchSize\": 5}}"));
        SpecException e = assertThrows(SpecException.class, () -> ClientScenario.clientImages(spec));
        assertEquals("data.batchSize", e.path());
    }

    @Test
    void gradientAttacksReadTheirVictimFromTheseSections() {
        assertTrue(ClientScenario.usedBy(REGISTRY.find("dlg").orElseThrow()));
        assertTrue(ClientScenario.usedBy(REGISTRY.find("idlg").orElseThrow()));
    }

    /** client.protocol fedavg: the attack sees the FedAvg client's weight difference, behind its defense. */
    @Test
    void aFedAvgClientSendsItsWeightDifference() throws Exception {
        ResolvedSpec spec = REGISTRY.resolve(Spec.parse("{\"method\": \"dlg\", \"seed\": 2, \"data\":"
                + " {\"source\": \"bundled:photos\", \"batchSize\": 4}, \"model\": {\"imageSize\": 16},"
                + " \"client\": {\"protocol\": \"fedavg\", \"localSteps\": 3, \"localLr\": 0.05, \"localBatchSize\": 2}}"));
        ClientScenario s = ClientScenario.build(spec);
        Observation seen = ComputeThread.call(s::observation);
        Observation direct = ComputeThread.call(() -> FedAvgClient.computeUpdate(s.network(), s.globalModel(), s.batch(),
                3, 0.05, 2));
        assertEquals(UpdateKind.WEIGHT_DIFFERENCE, seen.kind());
        assertEquals(List.of(3, 0.05, 2, 4), List.of(seen.localSteps(), seen.learningRate(), seen.localBatchSize(),
                seen.batchSize()));
        for (String name : direct.update().tensors().keySet()) {
            assertArrayEquals(direct.update().get(name).data(), seen.update().get(name).data(), name);
        }
    }

    /**
     * client.mode eval: the gradient is taken with BatchNorm on the running statistics, behind the defense too
     * (pruning here), and differs from the training-mode one, which normalises with the batch's own statistics.
     */
    @Test
    void anEvalModeClientTakesItsGradientOnTheRunningStatistics() throws Exception {
        String spec = "{\"method\": \"inverting-gradients\", \"seed\": 3, \"data\": {\"batchSize\": 2},"
                + " \"model\": {\"architecture\": \"convnet\", \"width\": 4, \"imageSize\": 16},"
                + " \"client\": {\"mode\": \"%s\", \"defense\": \"pruning\", \"pruneFraction\": 0}}";
        ClientScenario eval = ClientScenario.build(REGISTRY.resolve(Spec.parse(spec.formatted("eval"))));
        ClientScenario train = ClientScenario.build(REGISTRY.resolve(Spec.parse(spec.formatted("train"))));
        Observation seen = ComputeThread.call(eval::observation);
        Observation trained = ComputeThread.call(train::observation);
        Observation direct = ComputeThread.call(() -> FedSgdClient.computeUpdate(eval.network(), eval.globalModel(),
                eval.batch(), false));
        assertEquals(false, seen.trainMode());
        assertEquals(true, trained.trainMode());
        String first = direct.update().tensors().keySet().iterator().next();
        for (String name : direct.update().tensors().keySet()) {
            assertArrayEquals(direct.update().get(name).data(), seen.update().get(name).data(), name);
        }
        float[] a = seen.update().get(first).data();
        float[] b = trained.update().get(first).data();
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff += Math.abs(a[i] - b[i]);
        }
        assertTrue(diff > 1e-3, first + " differs between the modes by " + diff);
    }

    @Test
    void aLocalBatchLargerThanTheBatchNamesTheField() throws Exception {
        ResolvedSpec spec = REGISTRY.resolve(Spec.parse("{\"method\": \"dlg\", \"client\": {\"protocol\": \"fedavg\","
                + " \"localBatchSize\": 2}}"));
        SpecException e = assertThrows(SpecException.class, () -> ClientScenario.build(spec));
        assertEquals("client.localBatchSize", e.path());
    }
}
