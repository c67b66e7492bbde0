package org.invwb.core.attack.backdoor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;

class TriggerTest {

    private static ParamValues backdoor(String json) throws Exception {
        return Trigger.PARAMETERS.parse("backdoor", new ObjectMapper().readTree(json));
    }

    /** A 2×2 checker 1 px from the bottom-right corner of a 6×6 grey image: exactly those 4 pixels change. */
    @Test
    void aPatchReplacesItsSquareAndNothingElse() throws Exception {
        Trigger trigger = Trigger.of(backdoor("{\"patchSize\": 2, \"margin\": 1, \"pattern\": \"checker\"}"), 1, 6, 6);
        float[] image = new float[36];
        java.util.Arrays.fill(image, 0.5f);
        trigger.apply(image, 0);
        float[] expected = new float[36];
        java.util.Arrays.fill(expected, 0.5f);
        expected[3 * 6 + 3] = 1; // rows 3-4, columns 3-4; checker starts with 1 at the top-left
        expected[3 * 6 + 4] = 0;
        expected[4 * 6 + 3] = 0;
        expected[4 * 6 + 4] = 1;
        assertArrayEquals(expected, image);
        Trigger topLeft = Trigger.of(backdoor("{\"patchSize\": 1, \"margin\": 0, \"corner\": \"top-left\"}"), 3, 4, 4);
        float[] colour = new float[48];
        topLeft.apply(colour, 0);
        assertEquals(1f, colour[0]);
        assertEquals(1f, colour[16]);
        assertEquals(1f, colour[32]);
        assertEquals(3.0, sum(colour), 0);
    }

    /** Blending: (1 − α)·x + α·k with k in [0, 1], so the result stays in [0, 1] and moves by α·(k − x). */
    @Test
    void aBlendMixesTheKeyWithWeightAlpha() throws Exception {
        Trigger trigger = Trigger.of(backdoor("{\"trigger\": \"blend\", \"blendAlpha\": 0.25}"), 1, 5, 5);
        float[] black = new float[25];
        float[] white = new float[25];
        java.util.Arrays.fill(white, 1);
        trigger.apply(black, 0);
        trigger.apply(white, 0);
        for (int i = 0; i < 25; i++) {
            // black becomes α·k, white becomes 1 − α + α·k: they differ by exactly 1 − α
            assertEquals(0.75f, white[i] - black[i], 1e-6f);
            assertTrue(black[i] >= 0 && black[i] <= 0.25f);
        }
    }

    @Test
    void aPatchThatDoesNotFitIsRefusedNamingTheField() throws Exception {
        SpecException e = assertThrows(SpecException.class,
                () -> Trigger.of(backdoor("{\"patchSize\": 6, \"margin\": 1}"), 1, 6, 6));
        assertTrue(e.getMessage().startsWith("backdoor.patchSize"), e.getMessage());
        assertThrows(SpecException.class, () -> backdoor("{\"blendAlpha\": 1.5}"));
    }

    /** Only the non-target images count, each stamped and labelled with the target. */
    @Test
    void theSuccessRateSetLeavesOutTheTargetClass() {
        ImageBatch batch = new ImageBatch(new float[] {0, 0, 0}, 3, 1, 1, 1, new int[] {2, 1, 2}, 3, null);
        ImageBatch stamped = AttackSuccess.stamped(batch, 2, (pixels, offset) -> pixels[offset] = 0.5f);
        assertEquals(1, stamped.count());
        assertArrayEquals(new int[] {2}, stamped.labels());
        assertEquals(0.5f, stamped.pixels()[0]);
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
