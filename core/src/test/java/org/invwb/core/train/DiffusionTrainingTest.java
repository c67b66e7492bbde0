package org.invwb.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

class DiffusionTrainingTest {

    /**
     * A few steps of a narrow UNet already learn: the ε-MSE of an untrained network is about 1 (ε̂ ≈ 0
     * against unit-variance noise) and falls well below it. The written weights are the averaged ones,
     * with the null class's extra embedding row.
     */
    @Test
    void theNoisePredictionErrorFalls() throws Exception {
        TrainingRun run = TrainingRun.of("{\"method\": \"train-diffusion\", \"seed\": 2, \"data\": {\"count\": 64},"
                + " \"model\": {\"width\": 8}, \"parameters\": {\"steps\": 40, \"batchSize\": 16, \"lr\": 0.002}}");
        assertEquals(RunReport.DONE, run.report().status(), run.report().reason());
        assertEquals(40, run.progress().size());
        double first = run.progress().get(0).scalars().get("loss");
        assertTrue(first > 0.7, "untrained ε-MSE " + first);
        double last = run.progress().subList(30, 40).stream().mapToDouble(p -> p.scalars().get("loss")).average()
                .orElseThrow();
        assertTrue(last < 0.5 * first, "loss " + first + " at the first step, " + last + " over the last ten");
        assertArrayEquals(new long[] {11, 32}, run.weights().get("class_embed.weight").shape());
    }
}
