package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
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
}
