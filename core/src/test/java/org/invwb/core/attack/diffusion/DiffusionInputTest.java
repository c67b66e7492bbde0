package org.invwb.core.attack.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;

/** What the window shows as ground truth from a diffusion run's start: read from the spec, without the engine. */
class DiffusionInputTest {

    @Test
    void theInputIsThePickedImagesOfTheSourceAtTheModelsSize() throws Exception {
        MethodRegistry registry = MethodRegistry.standard();
        ImageBatch all = ImageSources.load("bundled:mnist-test", 1, 28, 28);
        for (String method : List.of("ddim-inversion", "edict", "red-diff", "dps")) {
            ResolvedSpec spec = registry.resolve(Spec.parse(InversionSpecs.spec(method, 3, "")));
            ParamValues data = spec.section("data");
            assertEquals("bundled:mnist-test", data.getString("source"), method);
            List<FloatImage> input = registry.find(method).orElseThrow().inputImages().orElseThrow().read(spec);
            assertEquals(data.getInt("count"), input.size(), method);
            for (int k = 0; k < input.size(); k++) {
                assertArrayEquals(all.images().get(3 + k).pixels(), input.get(k).pixels(), method + " image " + k);
            }
        }
    }
}
