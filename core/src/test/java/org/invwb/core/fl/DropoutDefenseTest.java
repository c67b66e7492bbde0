package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.DataException;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;

/** The dropout defense: a train-mode update through masks the client draws and keeps to itself. */
class DropoutDefenseTest {

    private static final ImageBatch BATCH = batch();
    private static final Network MLP = NetworkZoo.create("mlp", 1, 28, 10, 64);
    private static final StateDict WEIGHTS = MLP.initialise(4);

    private static ImageBatch batch() {
        try {
            return BundledData.load("fashion-mnist-test").subset(new int[] {0, 1, 2});
        } catch (DataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StateDict update(Defense defense) throws Exception {
        return ComputeThread.call(() -> defense.fedSgd(MLP, WEIGHTS, BATCH)).update();
    }

    @Test
    void droppingUnitsChangesTheUpdate() throws Exception {
        StateDict plain = update(new NoDefense());
        StateDict dropped = update(new DropoutDefense(0.25, 7));
        double difference = 0;
        for (String name : plain.tensors().keySet()) {
            float[] a = plain.get(name).data();
            float[] b = dropped.get(name).data();
            for (int i = 0; i < a.length; i++) {
                difference = Math.max(difference, Math.abs(a[i] - b[i]));
            }
        }
        assertTrue(difference > 1e-3, "largest change " + difference);
    }

    /** At rate 0 every mask is all ones and the scale is 1, so the update is the plain one, to the bit. */
    @Test
    void allOnesMasksAtRateZeroGiveThePlainUpdate() throws Exception {
        DropoutDefense none = new DropoutDefense(0, 7);
        for (HostTensor mask : none.drawMasks(MLP, BATCH.count()).values()) {
            for (float v : mask.data()) {
                assertEquals(1f, v);
            }
        }
        StateDict plain = update(new NoDefense());
        StateDict dropped = update(none);
        for (String name : plain.tensors().keySet()) {
            assertArrayEquals(plain.get(name).data(), dropped.get(name).data(), name);
        }
    }

    @Test
    void masksKeepAboutOneMinusPOfTheUnitsAndFollowTheSeed() {
        Map<String, HostTensor> masks = new DropoutDefense(0.25, 7).drawMasks(MLP, 100);
        assertEquals(MLP.dropoutSites().keySet(), masks.keySet());
        double kept = 0;
        long total = 0;
        for (HostTensor t : masks.values()) {
            assertEquals(100, t.shape()[0]);
            for (float v : t.data()) {
                kept += v;
            }
            total += t.size();
        }
        // 19 200 Bernoulli(0.75) draws: the share is within 0.01 of 0.75 with overwhelming probability
        assertEquals(0.75, kept / total, 0.01);
        assertArrayEquals(masks.get("dropout0").data(),
                new DropoutDefense(0.25, 7).drawMasks(MLP, 100).get("dropout0").data());
    }

    @Test
    void aModelWithoutDropoutIsRefusedNamingTheField() {
        SpecException e = assertThrows(SpecException.class, () -> ClientScenario.build(MethodRegistry.standard()
                .resolve(Spec.parse("{\"method\":\"dlg\",\"model\":{\"architecture\":\"resnet20\"},"
                        + "\"client\":{\"defense\":\"dropout\"}}"))));
        assertEquals("client.defense", e.path());
        assertTrue(e.getMessage().contains("resnet20"), e.getMessage());
    }
}
